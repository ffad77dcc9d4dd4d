package io.sfnetl.etl.read.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordSplitterTest {
    private static final byte[] ALPHABET = {'a', 'b', ',', ',', '"', '\n', '\r', '\\', ' ', (byte) 0xC3, (byte) 0xA9};

    @Test
    void next_randomQuotedBytesInSmallReads_splitsAsTheBytewiseStateMachine() {
        Random random = new Random(11);
        for (int round = 0; round < 400; round++) {
            byte[] data = new byte[random.nextInt(300)];
            for (int i = 0; i < data.length; i++) {
                // long runs of plain bytes, so that the eight-byte steps and their tails both run
                data[i] = random.nextInt(4) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) 'x';
            }
            int escape = random.nextBoolean() ? '\\' : -1;
            List<String> want = reference(data, escape);
            RecordSplitter splitter = new RecordSplitter(trickle(data, random), 0, true, (byte) ',', (byte) '"',
                    escape, 1 << 20);
            List<String> got = new ArrayList<>();
            while (splitter.next()) {
                got.add(splitter.offset() + ":" + splitter.nextOffset() + ":" + splitter.length() + ":"
                        + splitter.newlines());
            }
            assertThat(got).as("round %d, escape %d", round, escape).isEqualTo(want);
        }
    }

    /** The splitter's quote state machine run one byte at a time: offset, next offset, length, newlines per record. */
    private static List<String> reference(byte[] data, int escape) {
        List<String> records = new ArrayList<>();
        int start = 0;
        int state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 quote in quoted, 4 escaped
        int newlines = 0;
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            state = switch (state) {
                case 0 -> b == '"' ? 2 : b == ',' ? 0 : 1;
                case 1 -> b == ',' ? 0 : 1;
                case 2 -> b == '"' ? 3 : b == escape ? 4 : 2;
                case 4 -> 2;
                default -> b == '"' ? 2 : b == ',' ? 0 : 1;
            };
            if (b == '\n') {
                if (state != 2) {
                    int length = i - start;
                    if (length > 0 && data[i - 1] == '\r') {
                        length--;
                    }
                    records.add(start + ":" + (i + 1) + ":" + length + ":" + newlines);
                    start = i + 1;
                    state = 0;
                    newlines = 0;
                } else {
                    newlines++;
                }
            }
        }
        if (start < data.length) {
            records.add(start + ":" + data.length + ":" + (data.length - start) + ":" + newlines);
        }
        return records;
    }

    /** A stream that hands out the bytes a few at a time, so records cross the splitter's refills. */
    private static InputStream trickle(byte[] data, Random random) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(20)));
            }
        };
    }
}
