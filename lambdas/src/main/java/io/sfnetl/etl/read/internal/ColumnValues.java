package io.sfnetl.etl.read.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The values of one CSV record as an unmodifiable map from column name to value, in column order. Backed by the
 * record's value list and one column index shared by every record of a reader, so building it costs no hashing.
 */
public final class ColumnValues extends AbstractMap<String, String> {
    private final Columns columns;
    private final List<String> values;

    ColumnValues(Columns columns, List<String> values) {
        this.columns = columns;
        this.values = values;
    }

    /** The column names of a reader and their positions. Immutable. */
    record Columns(List<String> names, Map<String, Integer> index) {
        static Columns of(List<String> names) {
            Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i), i);
            }
            return new Columns(List.copyOf(names), Map.copyOf(index));
        }
    }

    /** Identifies the column layout: the same object for every record of one reader. */
    public Object layout() {
        return columns;
    }

    /** @return the position of a column, or -1 */
    public int indexOf(String column) {
        Integer i = columns.index().get(column);
        return i == null ? -1 : i;
    }

    /** The value at a position from {@link #indexOf}. */
    public String valueAt(int index) {
        return values.get(index);
    }

    @Override
    public String get(Object key) {
        Integer i = columns.index().get(key);
        return i == null ? null : values.get(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return columns.index().containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < values.size();
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (i >= values.size()) {
                            throw new NoSuchElementException();
                        }
                        int at = i++;
                        return new SimpleImmutableEntry<>(columns.names().get(at), values.get(at));
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }
}
