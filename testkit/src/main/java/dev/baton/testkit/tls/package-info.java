/**
 * TLS material made at test time, for servers and clients that tests run over TLS: {@link
 * dev.baton.testkit.tls.TestCertificates} generates a CA, a server certificate for {@code
 * 127.0.0.1} and {@code localhost}, client certificates (whose common name etcd takes as the user
 * name), and an unrelated "rogue" CA with its own clients for the negative cases, as PEM files in a
 * folder the test gives it. It uses nothing but the running JDK (its {@code keytool} and the {@code
 * java.security} API), so no key is ever committed and nothing needs installing; {@link
 * dev.baton.testkit.cluster.EtcdCluster.Builder#tls} runs an etcd cluster with them.
 */
package dev.baton.testkit.tls;
