package dev.baton;

import java.util.Objects;

/**
 * One live member of a {@linkplain Membership group}, as the store holds it.
 *
 * @param id the member's id, unique in its group
 * @param metadata what the member published when it joined or last updated (UTF-8 text: an
 *     address, a JSON document, ...)
 * @param revision the store revision at which this incarnation of the member was written: it grows
 *     when the member re-joins after a session loss or updates its metadata
 */
public record Member(String id, String metadata, long revision) {
  public Member {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(metadata, "metadata");
  }
}
