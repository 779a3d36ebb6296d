/**
 * EXPLAIN decoded: {@link dev.justpg.diagnostics.PlanParser} reads plans in TEXT (as pasted from
 * psql, pgAdmin, DBeaver or a terminal), JSON, YAML and XML into one typed
 * {@link dev.justpg.diagnostics.Plan}; {@link dev.justpg.diagnostics.PlanMetrics} derives total
 * and exclusive times that respect loops, parallel workers, CTEs and InitPlans;
 * {@link dev.justpg.diagnostics.PlanAdvisor} turns a plan into typed
 * {@link dev.justpg.diagnostics.Finding}s with a suggested action;
 * {@link dev.justpg.diagnostics.PlanReport} explains it in plain words and as an HTML page; and
 * {@link dev.justpg.diagnostics.Explainer} runs {@code EXPLAIN ANALYZE} safely, in a transaction
 * that is always rolled back.
 */
package dev.justpg.diagnostics;
