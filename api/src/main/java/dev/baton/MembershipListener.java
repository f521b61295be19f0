package dev.baton;

import java.util.List;

/**
 * Receives the members of a group: first the members at registration, then the whole set again
 * after each change. See {@link Membership#watch}.
 */
@FunctionalInterface
public interface MembershipListener {
  /** The live members now, in id order. */
  void onMembers(List<Member> members);
}
