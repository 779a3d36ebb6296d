/** The checks behind {@link dev.justpg.diagnostics.PlanAdvisor}, one class per kind of finding. */
package dev.justpg.diagnostics.internal.rules;
