package dev.baton.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import java.util.List;

/**
 * A put that overwrites an existing key and keeps the key's lease, in the same request: etcd's
 * {@code PutRequest.ignore_lease}, which jetcd's {@link PutOption} does not offer.
 *
 * <p>Why it matters. A put without a lease detaches the key from its lease, and a put of an
 * ephemeral key must leave it ephemeral (CONTRACT §3). Without {@code ignore_lease} a writer has to
 * read the key's lease first and then write conditionally on the key being unchanged: two
 * consensus round trips for every overwrite. With it, one transaction covers both cases:
 * {@code If(version = 0) Then Put Else Put(ignore_lease)}, and etcd (3.2 and later) keeps the lease
 * atomically, whatever happened to the key since anyone last read it.
 *
 * <p>How. {@link #put} builds jetcd's put with a marker: lease {@link Long#MAX_VALUE} and {@code
 * prev_kv} (no other Baton put asks for the previous value); {@link #interceptor} rewrites the
 * marked puts of a transaction request (nested transactions included) into {@code lease = 0,
 * ignore_lease = true, prev_kv = false} just before the request is sent. A marked put that somehow
 * reached etcd unrewritten would be refused (no such lease), never applied with the wrong lease. etcd refuses an {@code
 * ignore_lease} put of a missing key, so such puts appear only in branches whose compares say the
 * key exists.
 */
final class EtcdKeepLease {
  private static final long MARKER = Long.MAX_VALUE;
  private static final PutOption MARKED =
      PutOption.builder().withLeaseId(MARKER).withPrevKV().build();
  private static final String TXN_METHOD = "etcdserverpb.KV/Txn";

  private EtcdKeepLease() {}

  /** A put of {@code value} over the existing {@code key} that keeps the key's lease. */
  static Op put(ByteSequence key, ByteSequence value) {
    return Op.put(key, value, MARKED);
  }

  /** Rewrites the marked puts of every transaction request sent on the channel. */
  static ClientInterceptor interceptor() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        if (!TXN_METHOD.equals(method.getFullMethodName())) {
          return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
          @Override
          @SuppressWarnings("unchecked")
          public void sendMessage(Q message) {
            super.sendMessage(message instanceof TxnRequest txn ? (Q) rewrite(txn) : message);
          }
        };
      }
    };
  }

  /** {@code txn} with each marked put turned into an {@code ignore_lease} put. */
  static TxnRequest rewrite(TxnRequest txn) {
    if (!marked(txn)) {
      return txn;
    }
    TxnRequest.Builder b = txn.toBuilder().clearSuccess().clearFailure();
    txn.getSuccessList().forEach(op -> b.addSuccess(rewrite(op)));
    txn.getFailureList().forEach(op -> b.addFailure(rewrite(op)));
    return b.build();
  }

  private static RequestOp rewrite(RequestOp op) {
    if (op.hasRequestPut() && marked(op.getRequestPut())) {
      PutRequest put = op.getRequestPut().toBuilder()
          .setLease(0).setIgnoreLease(true).setPrevKv(false).build();
      return op.toBuilder().setRequestPut(put).build();
    }
    if (op.hasRequestTxn()) {
      return op.toBuilder().setRequestTxn(rewrite(op.getRequestTxn())).build();
    }
    return op;
  }

  private static boolean marked(PutRequest put) {
    return put.getLease() == MARKER && put.getPrevKv();
  }

  private static boolean marked(TxnRequest txn) {
    return marked(txn.getSuccessList()) || marked(txn.getFailureList());
  }

  private static boolean marked(List<RequestOp> ops) {
    for (RequestOp op : ops) {
      if ((op.hasRequestPut() && marked(op.getRequestPut()))
          || (op.hasRequestTxn() && marked(op.getRequestTxn()))) {
        return true;
      }
    }
    return false;
  }
}
