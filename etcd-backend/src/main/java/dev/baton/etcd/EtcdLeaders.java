package dev.baton.etcd;

import static dev.baton.etcd.EtcdLayout.bytes;
import static dev.baton.etcd.EtcdLayout.string;

import dev.baton.internal.Backoff;
import dev.baton.ConnectionState;
import dev.baton.LeaderInfo;
import dev.baton.spi.LeaderSink;
import dev.baton.spi.LeaderSource;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Who leads an etcd election: the candidate key with the lowest {@code create_revision}; its value
 * is the participant id and its create revision the epoch. Observers listen on the coordinator's
 * watch stream for the election's prefix and re-read the head on every change, gap and reconnect;
 * one read at a time per observer, so reports never overtake one another.
 */
final class EtcdLeaders implements LeaderSource {
  private static final GetOption FIRST = GetOption.builder()
      .isPrefix(true)
      .withSortField(GetOption.SortTarget.CREATE)
      .withSortOrder(GetOption.SortOrder.ASCEND)
      .withLimit(1)
      .build();

  private final EtcdBackend owner;
  private final String name;
  private final String prefix;

  EtcdLeaders(EtcdBackend owner, String name) {
    this.owner = owner;
    this.name = name;
    this.prefix = owner.layout().electionPrefix(name);
  }

  @Override
  public CompletableFuture<Optional<LeaderInfo>> read() {
    return owner.etcdSession().kv().get(bytes(prefix), FIRST).thenApply(r -> {
      if (r.getKvs().isEmpty()) {
        return Optional.empty();
      }
      KeyValue head = r.getKvs().get(0);
      return Optional.of(new LeaderInfo(name, string(head.getValue()), head.getCreateRevision()));
    });
  }

  @Override
  public void observe(LeaderSink delivery) {
    Refresher refresher = new Refresher(delivery);
    Runnable off = owner.hub().register(prefix, new EtcdWatchHub.ElectionListener() {
      @Override
      public void onEvent(WatchEvent event) {
        refresher.request();
      }

      @Override
      public void onGap() {
        refresher.request();
      }
    });
    Consumer<ConnectionState> onState = s -> {
      if (s.isConnected()) {
        refresher.request();
      }
    };
    owner.etcdSession().status().addListener(onState);
    delivery.onClose(() -> {
      off.run();
      owner.etcdSession().status().removeListener(onState);
    });
    refresher.request();
  }

  /** One read in flight per observer; a request during a read makes one more read after it. */
  private final class Refresher {
    private final LeaderSink delivery;
    private boolean reading;
    private boolean again;

    private final Backoff retry = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    Refresher(LeaderSink delivery) {
      this.delivery = delivery;
    }

    void request() {
      synchronized (this) {
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        again = false;
      }
      read().whenComplete((leader, failure) -> {
        if (failure == null && !delivery.isClosed()) {
          delivery.report(leader);
        }
        boolean more;
        long delay;
        synchronized (this) {
          reading = false;
          more = again;
          if (failure == null) {
            retry.reset();
          }
          delay = retry.nextMillis();
        }
        if (delivery.isClosed()) {
          return;
        }
        if (more) {
          request();
        } else if (failure != null && owner.etcdSession().state().isConnected()) {
          owner.schedule(this::request, delay); // else the reconnect reads again
        }
      });
    }
  }
}
