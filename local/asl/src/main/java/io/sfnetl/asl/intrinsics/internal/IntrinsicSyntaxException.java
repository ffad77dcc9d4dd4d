package io.sfnetl.asl.intrinsics.internal;

/** A malformed intrinsic expression; {@link #position()} is the zero-based column of the error. */
public class IntrinsicSyntaxException extends RuntimeException {
    private final int position;

    public IntrinsicSyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
