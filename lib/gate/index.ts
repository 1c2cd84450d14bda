export { CHECK_IDS, CHECK_TITLES, checkForApi, evaluateGate, latestVerdicts, type CheckId, type GateCheck, type GateComment, type GateRecord, type GateResult, type GateReview } from './evaluate';
export { LINT_RULE_IDS, LINT_RULES, lintRecord, type CatalogueEntry, type LintFinding, type LintLevel } from './lint';
export { substance, words } from './substantive';
