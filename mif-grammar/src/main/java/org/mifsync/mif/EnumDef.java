package org.mifsync.mif;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code START ENUM … END ENUM}: integer codes and their strings.
 *
 * @param name the NAME; required at component level, optional (and ignored) inline
 * @param type the optional {@code TYPE} line (IBM writes {@code TYPE = INTEGER}; others omit it)
 * @param items code/string pairs in file order
 * @param location where the block starts (not part of equality)
 * @since 0.1
 */
public record EnumDef(Optional<String> name, Optional<MifType.Primitive> type, List<Item> items,
        SourceLocation location) {

    /** One {@code code = "string"} line. */
    public record Item(int code, String symbol) {
        public Item {
            Objects.requireNonNull(symbol, "symbol");
        }
    }

    public EnumDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        items = List.copyOf(items);
    }

    /** The code of a symbol: the first item with exactly that string. */
    public OptionalInt codeOf(String symbol) {
        for (Item item : items) {
            if (item.symbol.equals(symbol)) {
                return OptionalInt.of(item.code);
            }
        }
        return OptionalInt.empty();
    }

    /** The string of a code, if the enumeration has it. */
    public Optional<String> symbolOf(int code) {
        for (Item item : items) {
            if (item.code == code) {
                return Optional.of(item.symbol);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnumDef e && name.equals(e.name) && type.equals(e.type) && items.equals(e.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, items);
    }
}
