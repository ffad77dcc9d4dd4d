package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The members of a small JSON object (a Distributed Map item is a handful of fields) in one array of name, value
 * pairs, in insertion order: what a {@link java.util.LinkedHashMap} gives an {@code ObjectNode}, without its table
 * and one entry object per member. Lookups are linear, so {@link JsonScanner} uses it only for objects of at most
 * {@link #MAX_BUILT} members; it stays correct (slower) if a caller adds more. A repeated name keeps its place and
 * takes the new value. Not thread-safe, like Jackson's trees.
 */
final class SmallObjectMap extends AbstractMap<String, JsonNode> {
    /** The largest object built on this map; larger ones get a LinkedHashMap. */
    static final int MAX_BUILT = 8;

    private Object[] pairs;
    private int size;
    private int modifications;
    private Set<Map.Entry<String, JsonNode>> entries;

    SmallObjectMap(int capacity) {
        pairs = new Object[2 * Math.max(capacity, 1)];
    }

    private int indexOf(Object name) {
        Object[] p = pairs;
        for (int i = 0; i < size; i++) {
            Object k = p[2 * i];
            if (k == name || Objects.equals(k, name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public JsonNode get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : (JsonNode) pairs[2 * i + 1];
    }

    @Override
    public JsonNode put(String name, JsonNode value) {
        int i = indexOf(name);
        if (i >= 0) {
            JsonNode old = (JsonNode) pairs[2 * i + 1];
            pairs[2 * i + 1] = value;
            return old;
        }
        if (2 * size == pairs.length) {
            pairs = java.util.Arrays.copyOf(pairs, 2 * pairs.length);
        }
        pairs[2 * size] = name;
        pairs[2 * size + 1] = value;
        size++;
        modifications++;
        return null;
    }

    @Override
    public JsonNode remove(Object name) {
        int i = indexOf(name);
        if (i < 0) {
            return null;
        }
        JsonNode old = (JsonNode) pairs[2 * i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        System.arraycopy(pairs, 2 * i + 2, pairs, 2 * i, 2 * (size - i - 1));
        size--;
        pairs[2 * size] = null;
        pairs[2 * size + 1] = null;
        modifications++;
    }

    @Override
    public void clear() {
        java.util.Arrays.fill(pairs, 0, 2 * size, null);
        size = 0;
        modifications++;
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        Set<Map.Entry<String, JsonNode>> e = entries;
        if (e == null) {
            e = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, JsonNode>> iterator() {
                    return new Members();
                }

                @Override
                public int size() {
                    return size;
                }

                @Override
                public void clear() {
                    SmallObjectMap.this.clear();
                }
            };
            entries = e;
        }
        return e;
    }

    /** Iterates the members in order; its entries write through ({@code setValue}), {@code remove} is supported. */
    private final class Members implements Iterator<Map.Entry<String, JsonNode>> {
        private int next;
        private int last = -1;
        private int expected = modifications;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
            if (expected != modifications) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Member(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (expected != modifications) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = modifications;
        }
    }

    /** A view of member {@code index}. */
    private final class Member implements Map.Entry<String, JsonNode> {
        private final int index;

        Member(int index) {
            this.index = index;
        }

        @Override
        public String getKey() {
            return (String) pairs[2 * index];
        }

        @Override
        public JsonNode getValue() {
            return (JsonNode) pairs[2 * index + 1];
        }

        @Override
        public JsonNode setValue(JsonNode value) {
            JsonNode old = getValue();
            pairs[2 * index + 1] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
