package dev.baton;

import java.util.List;

/**
 * A group of live members: the instances of a service that are up now, each with a little metadata.
 *
 * <pre>{@code
 * Membership workers = coord.membership("workers");
 * GroupMember me = workers.join("worker-7", "10.0.0.7:8080");
 * workers.watch(members -> rebalance(members));   // the set now, then after every change
 * }</pre>
 *
 * <p><b>What a member is.</b> An ephemeral key, {@code _baton/members/GROUP/ID}, written with its
 * metadata: it is an ordinary key to {@link ConfigStore#list} and watches (keys under {@code
 * _baton/} are Baton's own). It goes when its coordinator closes, when the member leaves, and when
 * its session ends: a process killed, hung or cut off for longer than the session TTL drops out of
 * the group within that TTL.
 *
 * <p><b>Staying a member.</b> Unlike a bare ephemeral key, a joined member comes back by itself: when
 * its key disappears while it has not left (its session expired and a new one began, someone deleted
 * the key, the store lost it), it is written again as soon as the store can be reached, retried with
 * backoff. A member cut off from the store is therefore gone for the others after the session TTL
 * and back once the link heals.
 *
 * <p>Obtained from {@link Coordinator#membership}; thread-safe. Its watches and members end when the
 * coordinator closes.
 */
public interface Membership {
  /** The group's name. */
  String group();

  /**
   * Joins the group as {@code memberId} with {@code metadata}. The first write is tried at once and
   * within the operation timeout; if the store cannot be reached, the member is written as soon as it
   * can (see {@link GroupMember#isPresent()}). Joining twice with one id in one group, from any
   * coordinator, makes one member: the later write's metadata wins, and the member stays as long as
   * either has not left.
   *
   * @param memberId one key segment ({@code [A-Za-z0-9._-]+}, not {@code .} or {@code ..})
   * @param metadata UTF-8 text, at most {@value Keys#MAX_VALUE_BYTES} bytes
   * @throws IllegalArgumentException if the id or metadata is invalid
   * @throws CoordinatorClosedException if the coordinator is closed
   */
  GroupMember join(String memberId, String metadata);

  /**
   * The live members as read from the store now, in id order.
   *
   * @throws BatonException if the store cannot be read within the operation timeout
   */
  List<Member> members();

  /**
   * Watches the group: the first call is the members at registration, then the whole set after each
   * change (a join, a leave, an expiry, new metadata), with the guarantees of {@link
   * ConfigStore#watchPrefix}: calls never overlap, and once changes stop the last set delivered is
   * the store's.
   *
   * @return a handle; after {@link Watch#close()} returns, no call starts
   */
  Watch watch(MembershipListener listener);
}
