package org.mifsync.mif;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code START ATTRIBUTE … END ATTRIBUTE}.
 *
 * @param name the NAME
 * @param id the ID, unique within its group
 * @param description the DESCRIPTION, if any
 * @param type the TYPE
 * @param access the ACCESS ({@link Access#READ_ONLY} when the file omits it)
 * @param storage the STORAGE ({@link Storage#SPECIFIC} when the file omits it)
 * @param value the VALUE; in a template group, the column default; may be absent
 * @param pragma the PRAGMA, if any
 * @param location where the block starts (not part of equality)
 * @since 0.1
 */
public record Attribute(String name, long id, Optional<String> description, MifType type, Access access,
        Storage storage, Optional<MifValue> value, Optional<String> pragma, SourceLocation location) {

    /** {@code ACCESS} words. */
    public enum Access { READ_ONLY, READ_WRITE, WRITE_ONLY }

    /** {@code STORAGE} words: a hint whether values come from a small set or vary widely. */
    public enum Storage { COMMON, SPECIFIC }

    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(pragma, "pragma");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attribute a && id == a.id && name.equals(a.name) && description.equals(a.description)
                && type.equals(a.type) && access == a.access && storage == a.storage && value.equals(a.value)
                && pragma.equals(a.pragma);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id, description, type, access, storage, value, pragma);
    }
}
