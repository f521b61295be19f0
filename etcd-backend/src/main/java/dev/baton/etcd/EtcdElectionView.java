package dev.baton.etcd;

import static dev.baton.etcd.EtcdLayout.bytes;
import static dev.baton.etcd.EtcdLayout.string;

import dev.baton.ConnectionState;
import dev.baton.ElectionView;
import dev.baton.LeaderInfo;
import dev.baton.LeaderObserver;
import dev.baton.Subscription;
import dev.baton.internal.ObserverDelivery;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Who leads an etcd election: the candidate key with the lowest {@code create_revision}; its value
 * is the participant id and its create revision the epoch. Observers listen on the coordinator's
 * watch stream for the election's prefix and re-read the head on every change, gap and reconnect;
 * one read at a time per observer, so reports never overtake one another.
 */
final class EtcdElectionView implements ElectionView {
  private static final GetOption FIRST = GetOption.builder()
      .isPrefix(true)
      .withSortField(GetOption.SortTarget.CREATE)
      .withSortOrder(GetOption.SortOrder.ASCEND)
      .withLimit(1)
      .build();

  private final EtcdCoordinator owner;
  private final String name;
  private final String prefix;

  EtcdElectionView(EtcdCoordinator owner, String name) {
    this.owner = owner;
    this.name = name;
    this.prefix = owner.layout().electionPrefix(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<LeaderInfo> currentLeader() {
    owner.ensureOpen();
    return owner.await(read(), "currentLeader", name);
  }

  CompletableFuture<Optional<LeaderInfo>> read() {
    return owner.session().kv().get(bytes(prefix), FIRST).thenApply(r -> {
      if (r.getKvs().isEmpty()) {
        return Optional.empty();
      }
      KeyValue head = r.getKvs().get(0);
      return Optional.of(new LeaderInfo(name, string(head.getValue()), head.getCreateRevision()));
    });
  }

  @Override
  public Subscription observe(LeaderObserver observer) {
    owner.ensureOpen();
    ObserverDelivery delivery = new ObserverDelivery(owner.callbacks().newLane(), observer);
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
    owner.session().addListener(onState);
    delivery.onClose(() -> {
      off.run();
      owner.session().removeListener(onState);
    });
    refresher.request();
    return delivery;
  }

  /** One read in flight per observer; a request during a read makes one more read after it. */
  private final class Refresher {
    private final ObserverDelivery delivery;
    private boolean reading;
    private boolean again;

    Refresher(ObserverDelivery delivery) {
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
        synchronized (this) {
          reading = false;
          more = again;
        }
        if (delivery.isClosed()) {
          return;
        }
        if (more) {
          request();
        } else if (failure != null && owner.session().state().isConnected()) {
          owner.schedule(this::request, 250); // else the reconnect reads again
        }
      });
    }
  }
}
