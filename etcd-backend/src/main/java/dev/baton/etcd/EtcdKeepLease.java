package dev.baton.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
 * <p>How. {@link #put}, {@link #putReturningPrevious} and {@link #overwrite} build jetcd's put
 * with a marker: lease {@link Long#MAX_VALUE} (or one less) and {@code prev_kv} (no other Baton put
 * asks for the previous value); {@link #interceptor} rewrites the marked puts of a put or
 * transaction request (nested transactions included) into {@code lease = 0, ignore_lease = true}
 * just before the request is sent, keeping {@code prev_kv} where the previous key tells the new
 * version (a plain put, {@link #putReturningPrevious}) and dropping it where the caller reads the
 * key back ({@link #put}). A marked put that somehow reached etcd unrewritten would be refused (no such lease),
 * never applied with the wrong lease. etcd refuses an {@code ignore_lease} put of a missing key
 * ({@link #isKeyNotFound}), so such puts appear only where the key is known to exist or where that
 * refusal is expected.
 */
final class EtcdKeepLease {
  private static final long MARKER = Long.MAX_VALUE;
  private static final long MARKER_WITHOUT_PREVIOUS = Long.MAX_VALUE - 1;
  private static final PutOption MARKED =
      PutOption.builder().withLeaseId(MARKER).withPrevKV().build();
  private static final PutOption MARKED_WITHOUT_PREVIOUS =
      PutOption.builder().withLeaseId(MARKER_WITHOUT_PREVIOUS).withPrevKV().build();
  private static final String TXN_METHOD = "etcdserverpb.KV/Txn";
  private static final String PUT_METHOD = "etcdserverpb.KV/Put";

  private EtcdKeepLease() {}

  /** A put of {@code value} over the existing {@code key} that keeps the key's lease (in a txn). */
  static Op put(ByteSequence key, ByteSequence value) {
    return Op.put(key, value, MARKED_WITHOUT_PREVIOUS);
  }

  /**
   * Like {@link #put}, and its response in the transaction holds the previous key (its version + 1
   * is the new version): a transaction that needs no read to answer.
   */
  static Op putReturningPrevious(ByteSequence key, ByteSequence value) {
    return Op.put(key, value, MARKED);
  }

  /**
   * A plain put of {@code value} over the existing {@code key} that keeps the key's lease and
   * returns the previous key (its version + 1 is the new version). Fails with {@link
   * #isKeyNotFound} if the key does not exist.
   */
  static CompletableFuture<PutResponse> overwrite(KV kv, ByteSequence key, ByteSequence value) {
    return kv.put(key, value, MARKED);
  }

  /** True if etcd refused an {@code ignore_lease} put because the key does not exist. */
  static boolean isKeyNotFound(Throwable failure) {
    return EtcdCalls.statusOf(failure) == Status.Code.INVALID_ARGUMENT
        && String.valueOf(EtcdCalls.unwrap(failure).getMessage()).contains("key not found");
  }

  /** Rewrites the marked puts of every transaction request sent on the channel. */
  static ClientInterceptor interceptor() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        String name = method.getFullMethodName();
        if (!TXN_METHOD.equals(name) && !PUT_METHOD.equals(name)) {
          return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
          @Override
          @SuppressWarnings("unchecked")
          public void sendMessage(Q message) {
            Object sent = message;
            if (message instanceof TxnRequest txn) {
              sent = rewrite(txn);
            } else if (message instanceof PutRequest put && marked(put)) {
              sent = put.toBuilder().setLease(0).setIgnoreLease(true)
                  .setPrevKv(put.getLease() == MARKER).build();
            }
            super.sendMessage((Q) sent);
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
      PutRequest marked = op.getRequestPut();
      PutRequest put = marked.toBuilder().setLease(0).setIgnoreLease(true)
          .setPrevKv(marked.getLease() == MARKER).build();
      return op.toBuilder().setRequestPut(put).build();
    }
    if (op.hasRequestTxn()) {
      return op.toBuilder().setRequestTxn(rewrite(op.getRequestTxn())).build();
    }
    return op;
  }

  private static boolean marked(PutRequest put) {
    return (put.getLease() == MARKER || put.getLease() == MARKER_WITHOUT_PREVIOUS)
        && put.getPrevKv();
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
