package org.mifsync.mif;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code START TABLE … END TABLE}: rows of a template group's class.
 *
 * @param name the NAME
 * @param id the ID, unique among the groups and tables of the component
 * @param className the CLASS of the template group the rows follow
 * @param rows the rows in file order
 * @param location where the block starts (not part of equality)
 * @since 0.1
 */
public record Table(String name, long id, String className, List<Row> rows, SourceLocation location) {

    /**
     * One {@code { cell, cell, … }} row.
     *
     * @param cells the cells as written, in ascending attribute-ID order of the template; an empty
     *     cell (or one missing at the end of a short row) is empty here
     * @param values one value per template attribute: the cell, or the template default where the
     *     cell is empty
     * @param location where the row starts (not part of equality)
     */
    public record Row(List<Optional<MifValue>> cells, List<MifValue> values, SourceLocation location) {
        public Row {
            cells = List.copyOf(cells);
            values = List.copyOf(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && cells.equals(r.cells) && values.equals(r.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cells, values);
        }
    }

    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(className, "className");
        rows = List.copyOf(rows);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Table t && id == t.id && name.equals(t.name) && className.equals(t.className)
                && rows.equals(t.rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id, className, rows);
    }
}
