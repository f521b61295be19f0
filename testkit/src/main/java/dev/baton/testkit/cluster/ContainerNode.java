package dev.baton.testkit.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.utility.LogUtils;

/*
 * A node whose server runs in a Docker container (EtcdContainers). Faults map to Docker commands:
 * kill (SIGKILL), stop, pause (the freezer cgroup: like SIGSTOP for every process in it), unpause,
 * start. The container is removed only when the cluster closes, so a restart keeps its data.
 */
final class ContainerNode extends AbstractNode {
  private final GenericContainer<?> container;
  private volatile long lastPid = -1;

  ContainerNode(int id, int hostPort, Path dir, GenericContainer<?> container) {
    super("etcd", id, hostPort, dir);
    this.container = container;
  }

  @Override
  synchronized void launch() {
    if (container.getContainerId() == null) {
      container.start();
    } else {
      docker().startContainerCmd(container.getContainerId()).exec();
    }
    LogUtils.followOutput(docker(), container.getContainerId(), this::log);
  }

  private void log(OutputFrame frame) {
    ClusterFiles.append(logFile(), frame.getUtf8String());
  }

  @Override
  public long pid() {
    if (container.getContainerId() != null) {
      Long pid = state().getPidLong();
      if (pid != null && pid > 0) {
        lastPid = pid;
      }
    }
    return lastPid;
  }

  @Override
  public boolean isRunning() {
    return container.getContainerId() != null && Boolean.TRUE.equals(state().getRunning());
  }

  @Override
  public boolean isPaused() {
    return isRunning() && Boolean.TRUE.equals(state().getPaused());
  }

  @Override
  public synchronized void kill() {
    if (isRunning()) {
      docker().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
      awaitNotRunning();
    }
  }

  @Override
  public synchronized void stop() {
    if (isRunning()) {
      resume();
      docker().stopContainerCmd(container.getContainerId()).withTimeout(5).exec();
      awaitNotRunning();
    }
  }

  @Override
  public synchronized void pause() {
    if (!isRunning()) {
      throw new IllegalStateException("cannot pause " + this + ": it is not running");
    }
    if (!isPaused()) {
      docker().pauseContainerCmd(container.getContainerId()).exec();
    }
  }

  @Override
  public synchronized void resume() {
    if (isPaused()) {
      docker().unpauseContainerCmd(container.getContainerId()).exec();
    }
  }

  @Override
  synchronized void destroy() {
    try {
      container.stop();
    } catch (RuntimeException e) {
      // Testcontainers' reaper removes what is left.
    }
  }

  @Override
  void destroyNow() {
    destroy();
  }

  @Override
  Path storeDir() {
    return dir().resolve("data");
  }

  private InspectContainerResponse.ContainerState state() {
    return docker().inspectContainerCmd(container.getContainerId()).exec().getState();
  }

  private DockerClient docker() {
    return container.getDockerClient();
  }

  private void awaitNotRunning() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (isRunning()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(this + " still runs 30 s after it was told to end");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
