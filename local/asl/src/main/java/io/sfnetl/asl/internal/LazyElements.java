package io.sfnetl.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The elements of a JSON array inside a Distributed Map child's input (a batch's {@code Items}), kept as their text
 * until they are used: an {@code ArrayNode} over this list knows its size at once ({@code States.ArrayLength}, a
 * Choice on the count), and builds its element trees, all at once, only when an element is read, the array is
 * written or changed. Then it is the list Jackson's tree reader would have built. Thread-safe: concurrent readers of
 * one input (Parallel branches, inline Map iterations) build the elements once.
 */
final class LazyElements extends AbstractList<JsonNode> implements RandomAccess {
    private final byte[] text;
    private final int from;
    private final int to;
    private final int size;
    private volatile List<JsonNode> elements;

    /**
     * @param text UTF-8 JSON written by the engine (valid)
     * @param from the offset of the array's {@code [}
     * @param to the offset after its {@code ]}
     * @param size the number of its elements
     */
    LazyElements(byte[] text, int from, int to, int size) {
        this.text = text;
        this.from = from;
        this.to = to;
        this.size = size;
    }

    /** The element trees, built on first use. */
    private List<JsonNode> list() {
        List<JsonNode> e = elements;
        if (e == null) {
            synchronized (this) {
                e = elements;
                if (e == null) {
                    JsonNode array;
                    try {
                        array = JsonScanner.tree(text, from, to - from, false);
                    } catch (IOException x) {
                        throw new UncheckedIOException("an array of a child execution's input is not valid JSON", x);
                    }
                    e = new ArrayList<>(size);
                    for (JsonNode n : array) {
                        e.add(n);
                    }
                    elements = e;
                }
            }
        }
        return e;
    }

    /** True once the element trees were built. */
    boolean built() {
        return elements != null;
    }

    @Override
    public int size() {
        List<JsonNode> e = elements;
        return e == null ? size : e.size();
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public JsonNode get(int index) {
        return list().get(index);
    }

    @Override
    public JsonNode set(int index, JsonNode element) {
        return list().set(index, element);
    }

    @Override
    public boolean add(JsonNode element) {
        return list().add(element);
    }

    @Override
    public void add(int index, JsonNode element) {
        list().add(index, element);
    }

    @Override
    public JsonNode remove(int index) {
        return list().remove(index);
    }

    @Override
    public boolean addAll(Collection<? extends JsonNode> c) {
        return list().addAll(c);
    }

    @Override
    public boolean removeIf(Predicate<? super JsonNode> filter) {
        return list().removeIf(filter);
    }

    @Override
    public void replaceAll(UnaryOperator<JsonNode> operator) {
        list().replaceAll(operator);
    }

    @Override
    public void sort(Comparator<? super JsonNode> c) {
        list().sort(c);
    }

    @Override
    public void clear() {
        list().clear();
    }

    @Override
    public Iterator<JsonNode> iterator() {
        return list().iterator();
    }

    @Override
    public ListIterator<JsonNode> listIterator() {
        return list().listIterator();
    }

    @Override
    public ListIterator<JsonNode> listIterator(int index) {
        return list().listIterator(index);
    }

    @Override
    public List<JsonNode> subList(int fromIndex, int toIndex) {
        return list().subList(fromIndex, toIndex);
    }

    @Override
    public Spliterator<JsonNode> spliterator() {
        return list().spliterator();
    }

    @Override
    public void forEach(Consumer<? super JsonNode> action) {
        list().forEach(action);
    }

    @Override
    public Object[] toArray() {
        return list().toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return list().toArray(a);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || list().equals(o instanceof LazyElements l ? l.list() : o);
    }

    @Override
    public int hashCode() {
        return list().hashCode();
    }

    @Override
    public String toString() {
        return list().toString();
    }
}
