package dev.baton.internal;

import dev.baton.Entry;
import dev.baton.GroupMember;
import dev.baton.KeyState;
import dev.baton.Keys;
import dev.baton.Member;
import dev.baton.Membership;
import dev.baton.MembershipListener;
import dev.baton.Watch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A group as ephemeral keys: member {@code ID} of group {@code GROUP} is the key {@code
 * BASE/GROUP/ID}, its value the metadata. Keys deeper below the group (members of a group named
 * {@code GROUP/sub}) are not its members.
 */
final class CoreMembership implements Membership {
  /** Where the groups of {@link dev.baton.Coordinator#membership} live. */
  static final String MEMBERS = CoreCoordinator.RESERVED + "/members";

  /** Where the groups of rate limiters live. */
  static final String RATE_LIMITS = CoreCoordinator.RESERVED + "/rate-limits";

  private final CoreCoordinator owner;
  private final String group;
  private final String prefix;

  CoreMembership(CoreCoordinator owner, String base, String group) {
    this.owner = owner;
    this.group = group;
    this.prefix = Keys.requireValidPrefix(base + "/" + group);
  }

  @Override
  public String group() {
    return group;
  }

  /** The key of member {@code memberId}. */
  String keyOf(String memberId) {
    return prefix + "/" + memberId;
  }

  @Override
  public GroupMember join(String memberId, String metadata) {
    requireValidMemberId(memberId);
    Objects.requireNonNull(metadata, "metadata");
    String key = keyOf(memberId);
    Keys.requireValidKey(key);
    Keys.requireValidValue(key, metadata.getBytes(StandardCharsets.UTF_8));
    owner.ensureOpen();
    CoreGroupMember member = new CoreGroupMember(owner, group, memberId, key, metadata);
    member.start();
    return member;
  }

  @Override
  public List<Member> members() {
    List<Member> members = new ArrayList<>();
    for (Entry e : owner.config().list(prefix)) {
      String id = idOf(e.key());
      if (id != null) {
        members.add(member(id, e));
      }
    }
    return members;
  }

  @Override
  public Watch watch(MembershipListener listener) {
    Objects.requireNonNull(listener, "listener");
    Map<String, Member> current = new TreeMap<>(); // touched only by the watch's calls
    boolean[] told = {false};
    return owner.config().watchPrefix(prefix, change -> {
      boolean changed = false;
      for (KeyState s : change.states()) {
        String id = idOf(s.key());
        if (id == null) {
          continue;
        }
        Member before = s.entry().isPresent()
            ? current.put(id, member(id, s.entry().get()))
            : current.remove(id);
        changed |= !Objects.equals(before, current.get(id));
      }
      if (changed || !told[0]) {
        told[0] = true;
        listener.onMembers(List.copyOf(current.values()));
      }
    });
  }

  /** The member id of {@code key}, or null if it is not a member of this group. */
  private String idOf(String key) {
    if (key.length() <= prefix.length() + 1 || !key.startsWith(prefix)
        || key.charAt(prefix.length()) != '/') {
      return null;
    }
    String rest = key.substring(prefix.length() + 1);
    return rest.indexOf('/') < 0 ? rest : null;
  }

  private static Member member(String id, Entry e) {
    return new Member(id, new String(e.value(), StandardCharsets.UTF_8), e.revision());
  }

  /** A member id is one key segment. */
  static String requireValidMemberId(String memberId) {
    Objects.requireNonNull(memberId, "memberId");
    if (memberId.indexOf('/') >= 0 || !Keys.isValidKey(memberId)) {
      throw new IllegalArgumentException("invalid member id '" + memberId + "': a member id is one"
          + " key segment of [A-Za-z0-9._-]+, neither '.' nor '..'");
    }
    return memberId;
  }

  @Override
  public String toString() {
    return "Membership[" + group + "]";
  }
}
