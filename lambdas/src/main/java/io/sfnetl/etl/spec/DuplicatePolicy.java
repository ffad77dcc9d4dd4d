package io.sfnetl.etl.spec;

/** What Load does with rows of one part that share a target key (brief §1: counted as duplicates, not rejects). */
public enum DuplicatePolicy {
    /** The last row with a key wins (default); earlier ones are counted as duplicates. */
    LAST_WINS("last-wins"),
    /** The first row with a key wins; later ones are counted as duplicates. */
    FIRST_WINS("first-wins"),
    /** Every row after the first with a key is rejected (reason names the key); the first is loaded. */
    REJECT("reject");

    private final String specName;

    DuplicatePolicy(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static DuplicatePolicy fromSpecName(String name) {
        for (DuplicatePolicy p : values()) {
            if (p.specName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown duplicate policy '" + name + "': use last-wins, first-wins or reject");
    }
}
