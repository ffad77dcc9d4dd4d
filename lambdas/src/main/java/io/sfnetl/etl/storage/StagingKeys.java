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

    /**
     * The pseudo-stage of staging parts that hold items already transformed (reprocessed Load rejects, written by
     * Validate): Transform hands their rows on unchanged.
     */
    public static final String ITEMS = "items";

    /** True for a {@code staging/<run>/<chunk>/}{@value #ITEMS}{@code /...} key. */
    public static boolean isItems(String stagingKey) {
        String[] p = stagingKey.split("/", 5);
        return p.length == 5 && "staging".equals(p[0]) && ITEMS.equals(p[3]);
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
