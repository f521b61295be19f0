/**
 * Baton's API: {@link dev.baton.Coordinator} and everything a service uses, and {@link
 * dev.baton.spi.CoordinatorProvider}, the service a backend provides. The shared implementation
 * in {@code dev.baton.internal} is open to Baton's own backends only.
 */
module dev.baton {
  requires org.slf4j;
  // Codec.json only; a service that uses it brings Jackson 3 or Jackson 2.
  requires static tools.jackson.databind;
  requires static com.fasterxml.jackson.databind;

  exports dev.baton;
  exports dev.baton.spi;
  exports dev.baton.internal to dev.baton.zookeeper, dev.baton.etcd;

  uses dev.baton.spi.CoordinatorProvider;
}
