package dev.justpg.search;

/** The PostgreSQL ranking function a search orders by (within a tier, see {@link MatchTier}). */
public enum Ranking {
    /** {@code ts_rank}: frequency of the matching lexemes, weighted by field. */
    TS_RANK("ts_rank"),
    /** {@code ts_rank_cd}: cover density, rewards query terms that appear close together. */
    TS_RANK_CD("ts_rank_cd");

    private final String function;

    Ranking(String function) {
        this.function = function;
    }

    /**
     * The SQL function name.
     *
     * @return {@code ts_rank} or {@code ts_rank_cd}
     */
    public String function() {
        return function;
    }
}
