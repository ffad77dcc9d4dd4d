package io.sfnetl.etl.rules;

import io.sfnetl.etl.errors.InvalidSpec;
import io.sfnetl.etl.errors.Problem;
import io.sfnetl.etl.read.SourceRecord;
import io.sfnetl.etl.read.internal.AsciiCsvFields;
import io.sfnetl.etl.read.internal.ColumnValues;
import io.sfnetl.etl.rules.internal.FieldCheck;
import io.sfnetl.etl.rules.internal.RuleLoader;
import io.sfnetl.etl.row.Row;
import io.sfnetl.etl.row.RowLayout;
import io.sfnetl.etl.spec.DatasetSpec;
import io.sfnetl.etl.spec.FieldSpec;
import io.sfnetl.etl.spec.FormatSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a spec's field types and rules, and its custom {@link RowRule}s, to source records. Built once per spec;
 * immutable and thread-safe.
 */
public final class RowValidator {
    private final RowLayout layout;
    private final FieldCheck[] checks;
    private final List<RowRule> rules;
    /** Per field, the CSV column or JSON key it reads. */
    private final String[] sources;
    /** The spec's source format (the fast path's delimiter, quote and escape). */
    private final FormatSpec format;
    /** The column positions of the last CSV column layout seen. */
    private volatile Columns columns;

    private record Columns(Object layout, int[] index) {}

    private RowValidator(RowLayout layout, List<FieldCheck> checks, List<RowRule> rules, String[] sources,
            FormatSpec format) {
        this.layout = layout;
        this.format = format;
        this.sources = sources;
        this.checks = checks.toArray(new FieldCheck[0]);
        this.rules = rules;
    }

    /**
     * @param spec a parsed spec (its rule classes are instantiated here, once)
     * @throws InvalidSpec when a rule class cannot be loaded or instantiated
     */
    public static RowValidator of(DatasetSpec spec) {
        List<FieldCheck> checks = new ArrayList<>();
        for (FieldSpec f : spec.fields()) {
            checks.add(new FieldCheck(f));
        }
        List<RowRule> rules = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < spec.rules().size(); i++) {
            try {
                rules.add(RuleLoader.instantiate(spec.rules().get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("/rules/" + i, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpec("for dataset " + spec.dataset(), problems);
        }
        return new RowValidator(RowLayout.of(spec), checks, List.copyOf(rules),
                spec.fields().stream().map(FieldSpec::source).toArray(String[]::new), spec.format());
    }

    /**
     * @param record a source record; a malformed one ({@link SourceRecord#parseError()} non-null) is Invalid with
     *     that reason
     * @return Valid with the typed row, or Invalid with EVERY reason (values of sensitive fields are never quoted).
     *     Custom rules run only when every field passed.
     */
    public Validation validate(SourceRecord record) {
        if (record.parseError() != null) {
            return new Validation.Invalid(List.of(record.parseError()));
        }
        Row row = new Row(layout);
        List<String> reasons = new ArrayList<>(0);
        if (record.csvValues() instanceof ColumnValues values) {
            int[] columns = columns(values);
            for (int i = 0; i < checks.length; i++) {
                int c = columns[i];
                checks[i].checkValue(c < 0 ? null : values.valueAt(c), row, i, reasons);
            }
        } else {
            for (int i = 0; i < checks.length; i++) {
                check(i, record, row, reasons);
            }
        }
        if (reasons.isEmpty() && !rules.isEmpty()) {
            var tree = row.toNode();
            for (RowRule rule : rules) {
                try {
                    List<String> found = rule.check(tree, record);
                    if (found != null) {
                        reasons.addAll(found);
                    }
                } catch (RuntimeException e) {
                    reasons.add("rule " + rule.getClass().getName() + " failed: " + e);
                }
            }
        }
        return reasons.isEmpty() ? new Validation.Valid(row) : new Validation.Invalid(reasons);
    }

    /**
     * {@link ValidatedReader}'s fast path: fills {@code row} (empty, of this validator's layout) from an ASCII CSV
     * record split by {@code fields} when every field accepts its value ({@code FieldCheck.acceptAscii}).
     *
     * @param record the record's bytes, which {@code fields} split: the row's {@link Row#rawBuffer}
     * @param rawModes {@link #rawModes} of {@code columnOf}
     * @return false when a value is not accepted (then {@link #validate} decides, with the reasons)
     */
    boolean acceptAscii(Row row, byte[] record, AsciiCsvFields fields, int[] columnOf, int[] rawModes, int[] bounds,
            List<String> scratch) {
        boolean plainRecord = fields.plainAndSafe();   // the common record: every field's mode is its column's
        for (int i = 0; i < checks.length; i++) {
            if (!acceptField(i, plainRecord, row, record, fields, columnOf, rawModes, bounds, scratch)) {
                return false;
            }
        }
        return true;
    }

    private boolean acceptField(int i, boolean plainRecord, Row row, byte[] record, AsciiCsvFields fields,
            int[] columnOf, int[] rawModes, int[] bounds, List<String> scratch) {
        int column = columnOf[i];
        if (plainRecord || fields.plain(column)) {
            return checks[i].acceptAscii(record, fields.start(column), fields.end(column),
                    plainRecord || fields.jsonSafe(column) ? rawModes[i] : FieldCheck.RAW_NUMBERS, row, i, scratch);
        }
        byte[] b = fields.value(column, bounds);   // doubled quotes made one: a copy, not the row's bytes
        return checks[i].acceptAscii(b, bounds[0], bounds[1], FieldCheck.NO_RAW, row, i, scratch);
    }

    /**
     * {@link ValidatedReader}'s reasons for a record {@link #acceptAscii} refused, with the same arguments: what
     * {@link #validate} says of it, without decoding and tokenizing the record again. A field the fast check accepts
     * has no reason (the fast path accepts only what the general path accepts); each other field's value, as the
     * general path would read it (ASCII, quotes undone), gets the general check and its reasons, in field order.
     *
     * @param row a row of this validator's layout to fill as scratch (its content is left undefined)
     * @return every reason, or null when no field gives one (the fast path was only unsure: {@link #validate} decides)
     */
    List<String> asciiReasons(Row row, byte[] record, AsciiCsvFields fields, int[] columnOf, int[] rawModes,
            int[] bounds, List<String> scratch) {
        boolean plainRecord = fields.plainAndSafe();
        List<String> reasons = new ArrayList<>(2);
        row.clear();
        for (int i = 0; i < checks.length; i++) {
            if (!acceptField(i, plainRecord, row, record, fields, columnOf, rawModes, bounds, scratch)) {
                int column = columnOf[i];
                boolean plain = plainRecord || fields.plain(column);
                byte[] b = plain ? record : fields.value(column, bounds);
                int from = plain ? fields.start(column) : bounds[0];
                int to = plain ? fields.end(column) : bounds[1];
                checks[i].checkValue(new String(b, from, to - from, StandardCharsets.ISO_8859_1), row, i, reasons);
            }
        }
        return reasons.isEmpty() ? null : reasons;
    }

    /** Per field, its position in {@code columns}; null when a field has no column (the general path says so). */
    int[] columnsOf(List<String> columns) {
        if (columns == null) {
            return null;
        }
        int[] index = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            index[i] = columns.indexOf(sources[i]);
            if (index[i] < 0) {
                return null;
            }
        }
        return index;
    }

    /**
     * Per field, the raw mode of its value when its column is plain and needs no JSON escape: {@code RAW_ALL}, or
     * {@code RAW_NUMBERS} when another field reads the same column. Such a field's text is never a raw span: the
     * spans would be the same bytes, which a case transform maps in place ({@link Row#mapRawText}), changing the other
     * field's value too.
     */
    static int[] rawModes(int[] columnOf) {
        int[] modes = new int[columnOf.length];
        for (int i = 0; i < columnOf.length; i++) {
            modes[i] = FieldCheck.RAW_ALL;
            for (int j = 0; j < columnOf.length; j++) {
                if (i != j && columnOf[i] == columnOf[j]) {
                    modes[i] = FieldCheck.RAW_NUMBERS;
                }
            }
        }
        return modes;
    }

    List<RowRule> customRules() {
        return rules;
    }

    FormatSpec format() {
        return format;
    }

    /** Per field, its column in the CSV reader's column layout of {@code values} (-1: none), found once per layout. */
    private int[] columns(ColumnValues values) {
        Columns c = columns;
        if (c == null || c.layout() != values.layout()) {
            int[] index = new int[sources.length];
            for (int i = 0; i < sources.length; i++) {
                index[i] = values.indexOf(sources[i]);
            }
            c = new Columns(values.layout(), index);
            columns = c; // racy but safe: any thread computes the same columns for a layout
        }
        return c.index();
    }

    /** Field {@code i} of the spec is slot {@code i} of its layout ({@link RowLayout#of(DatasetSpec)}). */
    private void check(int i, SourceRecord record, Row row, List<String> reasons) {
        checks[i].check(record, row, i, reasons);
    }

    /** The layout of the rows this validator makes (the spec's {@link RowLayout}). */
    public RowLayout layout() {
        return layout;
    }
}
