package io.sfnetl.local.services.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes what a killed s3proxy leaves in its filesystem store.
 *
 * <p>s3proxy's {@code FilesystemNio2BlobStore} writes an object to {@code <key>-<random UUID>} beside its
 * final path, sets its extended attributes ({@code user.content-md5} among them) once the body is complete,
 * then renames it atomically. If the process dies mid-upload (SIGKILL, crash), the temporary file stays,
 * and the next server lists it as an object named {@code <key>-<uuid>}. Such a file is recognised by its
 * name <em>and</em> the missing {@code user.content-md5} attribute (every committed object has it), so a
 * real key that happens to end in a UUID (a Lambda request id, say) is never touched. When the file
 * system has no user extended attributes the two cannot be told apart and nothing is removed.
 */
public final class IncompleteUploads {

    static final String COMMITTED_MARKER = "user.content-md5";
    private static final Pattern TEMP_NAME =
            Pattern.compile(".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private IncompleteUploads() {
    }

    /** @return the files removed (empty when none, or when the store cannot tell) */
    public static List<Path> remove(Path blobDir) throws IOException {
        if (!Files.isDirectory(blobDir)
                || !Files.getFileStore(blobDir).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(blobDir)) {
            List<Path> incomplete = files
                    .filter(p -> TEMP_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .filter(p -> !hasCommittedMarker(p))
                    .toList();
            for (Path path : incomplete) {
                Files.deleteIfExists(path);
            }
            return incomplete;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean hasCommittedMarker(Path file) {
        var view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        try {
            return view != null && view.list().contains(COMMITTED_MARKER);
        } catch (IOException e) {
            return true; // cannot tell: keep it
        }
    }
}
