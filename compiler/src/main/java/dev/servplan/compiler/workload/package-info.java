/**
 * The workload model: length distributions and arrival processes fitted once from the IR, which the
 * solver's queueing model integrates and the simulator samples (docs/spec-language.md, "Workload
 * model").
 */
package dev.servplan.compiler.workload;
