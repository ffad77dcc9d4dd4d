package io.sfnetl.etl.storage.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import io.sfnetl.etl.storage.Json;

/**
 * Parsers of one line of a part, read as UTF-8 from its first byte: as the part's stream parser reads every line after
 * the part's start. {@link JsonFactory#createParser(byte[], int, int)} would detect the encoding again on each line (a
 * byte order mark skipped, UTF-16 or UTF-32 from zero bytes) and so read lines that the stream parser refuses.
 * Thread-safe.
 */
public final class LineParsers extends JsonFactory {
    private static final long serialVersionUID = 1L;
    private static final LineParsers FACTORY = new LineParsers();

    private LineParsers() {
        super(Json.MAPPER.getFactory(), Json.MAPPER);   // the mapper's features and limits
    }

    /** A parser of {@code b[from, to)} as UTF-8 (no encoding detection). */
    public static JsonParser utf8(byte[] b, int from, int to) {
        return FACTORY.parser(b, from, to);
    }

    private JsonParser parser(byte[] b, int from, int to) {
        IOContext context = _createContext(_createContentReference(b, from, to - from), true);
        return new UTF8StreamJsonParser(context, _parserFeatures, null, _objectCodec,
                _byteSymbolCanonicalizer.makeChild(_factoryFeatures), b, from, to, false);
    }
}
