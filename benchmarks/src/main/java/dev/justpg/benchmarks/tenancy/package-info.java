/** The tenancy benchmark: tenant-bound versus plain transactions, and the policy forms compared. */
package dev.justpg.benchmarks.tenancy;
