package io.sfnetl.etl.storage;

/**
 * The keys of the stage contract (brief §1): a pure function of (run, chunk, stage, continuation, request id), so a
 * timed-out attempt that keeps writing writes keys no one lists.
 */
public final class StagingKeys {
    private StagingKeys() {
    }

    /** {@code staging/<run>/<chunk>/<stage>/<continuation>-<requestId>}. */
    public static String staging(String run, String chunk, String stage, long continuation, String requestId) {
        return "staging/" + run + "/" + chunk + "/" + stage + "/" + continuation + "-" + requestId;
    }

    /** {@code rejects/<run>/<chunk>/<stage>/<continuation>-<requestId>}. */
    public static String rejects(String run, String chunk, String stage, long continuation, String requestId) {
        return "rejects/" + run + "/" + chunk + "/" + stage + "/" + continuation + "-" + requestId;
    }

    /** {@code rejects/<run>/}: where a run's rejects live. */
    public static String rejectsPrefix(String run) {
        return "rejects/" + run + "/";
    }

    /** {@code manifests/<run>/<name>}: the frozen spec, the chunk manifest and the run record. */
    public static String manifest(String run, String name) {
        return "manifests/" + run + "/" + name;
    }
}
