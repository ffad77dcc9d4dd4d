package io.sfnetl.samples;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic generator of order rows in the CSV layout of {@code samples/orders/orders.spec.json}.
 *
 * <p>The same (seed, rows, badRate) always gives the same bytes, so a benchmark or a test can regenerate a
 * 10M-row file instead of storing it. About {@code badRate} of the rows are deliberately invalid, each with one
 * kind of defect chosen from {@link Defect}; about {@code duplicateRate} of the rows repeat an earlier order id
 * (a valid row that the load counts as a duplicate). Streaming: memory does not grow with {@code rows}.
 */
public final class OrdersGenerator {
    public static final String HEADER = "order_id,customer_id,email,order_date,amount,currency,quantity,status,notes";
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
    static final List<String> STATUSES = List.of("NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED");
    private static final List<String> NOTES = List.of("", "", "", "leave at the door", "gift, please wrap",
            "call \"before\" delivery", "fragile", "second floor, ring twice");

    /** The kinds of bad row the generator writes; each must end as a reject with a reason. */
    public enum Defect {
        BAD_ORDER_ID, MISSING_CUSTOMER, BAD_EMAIL, BAD_DATE, NEGATIVE_AMOUNT, NOT_A_NUMBER, UNKNOWN_CURRENCY,
        QUANTITY_OUT_OF_RANGE, UNKNOWN_STATUS, MISSING_COLUMN
    }

    /** Options; rates are fractions in [0, 1]. {@code multilineNotes} puts line breaks inside quoted notes. */
    public record Options(long rows, double badRate, double duplicateRate, long seed, boolean multilineNotes) {
        public Options {
            if (rows < 0) throw new IllegalArgumentException("rows must be >= 0, got " + rows);
            if (badRate < 0 || badRate > 1) throw new IllegalArgumentException("bad rate must be in [0,1], got " + badRate);
            if (duplicateRate < 0 || duplicateRate > 1) throw new IllegalArgumentException("duplicate rate must be in [0,1], got " + duplicateRate);
        }
    }

    /** What was written: rows by kind, so tests can reconcile against the pipeline's counts. */
    public record Summary(long rows, long bad, long duplicates) {
        public long valid() {
            return rows - bad;
        }
    }

    private OrdersGenerator() {
    }

    public static Summary write(Options o, Writer out) throws IOException {
        SplittableRandom random = new SplittableRandom(o.seed());
        Defect[] defects = Defect.values();
        LocalDate base = LocalDate.of(2026, 1, 1);
        long bad = 0;
        long dups = 0;
        StringBuilder line = new StringBuilder(160);
        out.write(HEADER);
        out.write('\n');
        for (long i = 1; i <= o.rows(); i++) {
            line.setLength(0);
            long id = i;
            if (i > 10 && random.nextDouble() < o.duplicateRate()) {
                id = 1 + random.nextLong(i - 1);
            }
            String orderId = "ORD-" + String.format("%06d", id % 1_000_000);
            String customer = "C" + (1000 + random.nextInt(9000));
            String email = "user" + random.nextInt(100_000) + "@example.com";
            String date = base.plusDays(random.nextInt(330)).toString();
            String amount = BigDecimal.valueOf(random.nextInt(1, 500_000), 2).setScale(2, RoundingMode.UNNECESSARY).toPlainString();
            String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
            String quantity = Integer.toString(1 + random.nextInt(20));
            String status = STATUSES.get(random.nextInt(STATUSES.size()));
            String notes = NOTES.get(random.nextInt(NOTES.size()));
            if (o.multilineNotes() && random.nextInt(10) == 0) {
                notes = "line one\nline two, with a comma";
            }
            boolean isBad = random.nextDouble() < o.badRate();
            boolean dropColumn = false;
            if (isBad) {
                bad++;
                switch (defects[random.nextInt(defects.length)]) {
                    case BAD_ORDER_ID -> orderId = "ORDER-" + id;
                    case MISSING_CUSTOMER -> customer = "";
                    case BAD_EMAIL -> email = "not-an-email";
                    case BAD_DATE -> date = "2026-02-30";
                    case NEGATIVE_AMOUNT -> amount = "-" + amount;
                    case NOT_A_NUMBER -> amount = "12,50x";
                    case UNKNOWN_CURRENCY -> currency = "XXX";
                    case QUANTITY_OUT_OF_RANGE -> quantity = "0";
                    case UNKNOWN_STATUS -> status = "LOST";
                    case MISSING_COLUMN -> dropColumn = true;
                }
            } else if (id != i) {
                dups++;
            }
            line.append(orderId).append(',').append(customer).append(',').append(email).append(',').append(date)
                    .append(',').append(csv(amount)).append(',').append(currency).append(',').append(quantity);
            if (!dropColumn) {
                line.append(',').append(status);
            }
            line.append(',').append(csv(notes)).append('\n');
            out.append(line);
        }
        out.flush();
        return new Summary(o.rows(), bad, dups);
    }

    private static String csv(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
