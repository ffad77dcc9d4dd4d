package io.sfnetl.local.api;

/**
 * A Step Functions API error, answered as AWS does: HTTP {@link #status()} with the JSON body
 * {@code {"__type": "com.amazonaws.swf.service.v2.model#<type>", "message": ...}}, which the AWS SDKs and the AWS
 * CLI turn into the exception named {@link #type()} (e.g. {@code ExecutionDoesNotExistException} in SDK v2).
 */
public final class SfnApiException extends RuntimeException {
    private final String type;
    private final int status;

    public SfnApiException(String type, String message) {
        this(type, 400, message);
    }

    public SfnApiException(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    /** AWS's error name, e.g. {@code ExecutionDoesNotExist}. */
    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public static SfnApiException validation(String message) {
        return new SfnApiException("ValidationException", message);
    }

    public static SfnApiException invalidArn(String field, String arn, String kind) {
        return new SfnApiException("InvalidArn", "Invalid Arn: '" + field + " '" + arn + "' is not a valid " + kind
                + " ARN; expected arn:aws:states:<region>:<account>:" + kind + ":...'");
    }
}
