package io.sfnetl.etl.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * A deterministic orders CSV with bad rows: every 13th row has a wrong column count (malformed), every 7th an
 * amount that is not a decimal, every 11th a "hot" order id shared with other rows (duplicates by key).
 */
public final class OrdersCsv {
    public final String text;
    public final long rows;
    public final long rejected;
    public final long duplicates;
    public final long loaded;

    private OrdersCsv(String text, long rows, long rejected, long duplicates, long loaded) {
        this.text = text;
        this.rows = rows;
        this.rejected = rejected;
        this.duplicates = duplicates;
        this.loaded = loaded;
    }

    public byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static OrdersCsv generate(int rows) {
        StringBuilder sb = new StringBuilder("order_id,customer,amount,order_date,paid\n");
        long rejected = 0;
        long hot = 0;
        Set<Integer> hotKeys = new HashSet<>();
        for (int i = 1; i <= rows; i++) {
            if (i % 13 == 0) {
                sb.append(i).append(",only two columns\n");
                rejected++;
            } else if (i % 7 == 0) {
                sb.append(i).append(", Customer ").append(i).append(" ,abc,2024-01-").append(String.format("%02d", 1 + i % 28))
                        .append(",true\n");
                rejected++;
            } else {
                int id = i % 11 == 0 ? 900_000 + i % 3 : i;
                if (i % 11 == 0) {
                    hot++;
                    hotKeys.add(id);
                }
                sb.append(id).append(", Customer ").append(i).append(" ,").append(i).append('.').append(String.format("%02d", i % 100))
                        .append(",2024-01-").append(String.format("%02d", 1 + i % 28)).append(',').append(i % 2 == 0)
                        .append('\n');
            }
        }
        long duplicates = hot - hotKeys.size();
        return new OrdersCsv(sb.toString(), rows, rejected, duplicates, rows - rejected - duplicates);
    }
}
