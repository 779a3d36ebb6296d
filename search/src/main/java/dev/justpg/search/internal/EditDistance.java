package dev.justpg.search.internal;

/** Optimal string alignment (Damerau-Levenshtein with adjacent transpositions) distance. */
public final class EditDistance {

    private EditDistance() {
    }

    /**
     * The distance between two strings, or {@code max + 1} as soon as it exceeds {@code max}.
     *
     * @param a one string
     * @param b the other
     * @param max the largest distance of interest
     * @return the distance, capped at {@code max + 1}
     */
    public static int damerau(String a, String b, int max) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        if (Math.abs(x.length - y.length) > max) {
            return max + 1;
        }
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return max + 1;
            }
        }
        return Math.min(d[x.length][y.length], max + 1);
    }
}
