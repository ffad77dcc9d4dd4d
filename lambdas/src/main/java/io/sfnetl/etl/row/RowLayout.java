package io.sfnetl.etl.row;

import com.fasterxml.jackson.core.io.SerializedString;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.FieldSpec;
import io.sfnetl.etl.spec.KeySpec;
import io.sfnetl.etl.spec.TransformSpec;
import io.sfnetl.etl.transform.internal.KeyTemplate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names a {@link Row} can hold, each at a fixed position (a slot), with its JSON encoding prepared once. A spec's
 * layout ({@link #of(DatasetSpec)}) has the declared fields first, in spec order (field {@code i} is slot {@code i}),
 * then every other name its transforms and key templates use. Immutable and thread-safe.
 */
public final class RowLayout {
    private final List<String> names;
    private final Map<String, Integer> index;
    private final SerializedString[] encoded;

    private RowLayout(List<String> names) {
        this.names = List.copyOf(names);
        Map<String, Integer> idx = new HashMap<>();
        this.encoded = new SerializedString[this.names.size()];
        for (int i = 0; i < this.names.size(); i++) {
            idx.put(this.names.get(i), i);
            encoded[i] = new SerializedString(this.names.get(i));
        }
        this.index = Map.copyOf(idx);
    }

    /** The layout of a spec's rows: declared fields, then the names of transforms and keys. */
    public static RowLayout of(DatasetSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        for (FieldSpec f : spec.fields()) {
            names.add(f.name());
        }
        for (TransformSpec t : spec.transforms()) {
            names.addAll(usedNames(t));
        }
        for (KeySpec k : new KeySpec[] {spec.target().partitionKey(), spec.target().sortKey()}) {
            if (k != null) {
                names.add(k.name());
                names.addAll(KeyTemplate.parse(k.template()).fields());
            }
        }
        return new RowLayout(new ArrayList<>(names));
    }

    /** The names a transform uses, in order: its field (a rename's then its target) or its fields list. */
    public static List<String> usedNames(TransformSpec t) {
        return switch (t) {
            case TransformSpec.Rename r -> List.of(r.field(), r.to());
            case TransformSpec.Trim x -> x.fields();
            case TransformSpec.Case c -> c.fields();
            case TransformSpec.Cast c -> List.of(c.field());
            case TransformSpec.Default d -> List.of(d.field());
            case TransformSpec.Derive d -> List.of(d.field());
            case TransformSpec.Drop d -> d.fields();
        };
    }

    /** A layout of exactly these names (unique), in this order. */
    public static RowLayout of(List<String> names) {
        return new RowLayout(names);
    }

    /** This layout with {@code extra} names (not yet in it) after its own: its slots keep their positions. */
    public RowLayout extend(Collection<String> extra) {
        List<String> all = new ArrayList<>(names);
        for (String n : extra) {
            if (!index.containsKey(n) && !all.contains(n)) {
                all.add(n);
            }
        }
        return new RowLayout(all);
    }

    /** @return the slot of a name, or -1 when the layout has no such name */
    public int slot(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** The number of slots. */
    public int size() {
        return names.size();
    }

    /** The name of a slot. */
    public String name(int slot) {
        return names.get(slot);
    }

    /** The names, by slot. */
    public List<String> names() {
        return names;
    }

    /** The name of a slot, encoded for a JSON generator once. */
    public SerializedString encoded(int slot) {
        return encoded[slot];
    }

    /** True when a row of {@code other} has the slots of this layout at the same positions. */
    public boolean compatible(RowLayout other) {
        if (other == this) {
            return true;
        }
        if (other.names.size() < names.size()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(other.names.get(i))) {
                return false;
            }
        }
        return true;
    }
}
