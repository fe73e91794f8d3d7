import { moneyExceptionsEn } from "./sections/money-exceptions.en";
import { reconciliationEn } from "./sections/reconciliation.en";
import { dataHealthEn } from "./sections/data-health.en";
import { retentionEn } from "./sections/retention.en";
import { statementsEn } from "./sections/statements.en";
import { agencyRegisterEn } from "./sections/agency-register.en";
import { findingDetailEn } from "./sections/finding-detail.en";
import { complaintWorkEn } from "./sections/complaint-work.en";
import { evaluationsEn } from "./sections/evaluations.en";
import { recallsEn } from "./sections/recalls.en";
import { findingsEn } from "./sections/findings.en";
import { findingPagesEn } from "./sections/finding-pages.en";
import { accountsEn } from "./sections/accounts.en";
import { importRowsEn } from "./sections/import-rows.en";
import { importFilesEn } from "./sections/import-files.en";
import { apiTokensEn } from "./sections/api-tokens.en";
import { casesEn } from "./sections/cases.en";
import { complaintsEn } from "./sections/complaints.en";
import { publicComplaintsEn } from "./sections/public-complaints.en";
import { importsEn } from "./sections/imports.en";
import { ingestLimitsEn } from "./sections/ingest-limits.en";
import { reportsEn } from "./sections/reports.en";
import { rulePacksEn } from "./sections/rule-packs.en";
import { stateOverlaysEn } from "./sections/state-overlays.en";
import { rulesEn } from "./sections/rules.en";
import { violationsEn } from "./sections/violations.en";
import { metricsEn } from "./sections/metrics.en";
import { agenciesEn } from "./sections/agencies.en";
import { dashboardEn } from "./sections/dashboard.en";
import { riskEn } from "./sections/risk.en";
import { pageTitlesEn } from "./sections/page-titles.en";
import { notificationsEn } from "./sections/notifications.en";
import { agencyFindingsEn } from "./sections/agency-findings.en";
import { findingListEn } from "./sections/finding-list.en";
import { reportFindingsEn } from "./sections/report-findings.en";

// English is the reference dictionary: its keys are the type every other language must fill completely.
// Large features keep their messages in sections/ (one file per language each), merged here.
const coreEn = {
  "app.name": "Agency Oversight",
  "app.tagline": "Oversight of outsourced debt-collection agencies",

  "nav.dashboard": "Dashboard",
  "nav.agencies": "Agencies",
  "nav.cases": "Cases",
  "nav.violations": "Violations",
  "nav.complaints": "Complaints",
  "nav.imports": "Imports",
  "nav.reports": "Reports",
  "nav.settings": "Settings",
  "nav.signOut": "Sign out",
  "nav.skipToContent": "Skip to content",
  "nav.language": "Language",
  "nav.mainMenu": "Main menu",
  "nav.signedInAs": "Signed in as {name}",

  "role.ADMIN": "Administrator",
  "role.VENDOR_MANAGER": "Vendor manager",
  "role.COMPLIANCE": "Compliance officer",
  "role.EXECUTIVE": "Executive",
  "role.AGENCY": "Agency",

  "language.en": "English",
  "language.zh-CN": "简体中文",
  "language.switch": "Switch language",

  "login.title": "Sign in",
  "login.subtitle": "Use the account your administrator gave you.",
  "login.email": "Email",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.invalidCredentials": "The email or password is not correct.",
  "login.throttled": "Too many failed sign-ins. Try again in {minutes} minutes.",
  "login.inactive": "This account has been deactivated. Ask your administrator.",
  "login.sessionExpired": "Your session ended after a period of inactivity. Please sign in again.",
  "login.signedOut": "You have signed out.",

  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.create": "Create",
  "common.edit": "Edit",
  "common.search": "Search",
  "common.actions": "Actions",
  "common.yes": "Yes",
  "common.no": "No",
  "common.none": "—",
  "common.active": "Active",
  "common.inactive": "Inactive",
  "common.status": "Status",
  "common.name": "Name",
  "common.email": "Email",
  "common.role": "Role",
  "common.agency": "Agency",
  "common.allAgencies": "All agencies",
  "common.createdAt": "Created",
  "common.time": "Time",
  "common.showing": "Showing {count} of {total}",
  "common.back": "Back",
  "common.saved": "Saved.",
  "common.masked": "Personal data is masked for your role.",
  "common.unmaskedLogged": "You are viewing unmasked personal data; this view is recorded in the access log.",

  "validation.required": "This field is required.",
  "validation.tooShort": "Must be at least {minimum} characters.",
  "validation.tooLong": "Must be at most {maximum} characters.",
  "validation.invalidEmail": "Enter a valid email address.",
  "validation.invalidFormat": "This value is not in the expected format.",
  "validation.invalidChoice": "Choose one of the listed options.",
  "validation.aliasTooLong": "An alias has at most 200 characters.",
  "validation.tooManyAliases": "At most 50 aliases.",
  "validation.agencyCode": "Use 2–32 letters, digits, '-' or '_'.",
  "validation.timeZone": "Enter an IANA time zone such as Asia/Shanghai or America/New_York.",
  "validation.commissionRate": "Enter a fraction between 0 and 1, such as 0.18.",
  "validation.date": "Enter a date as YYYY-MM-DD.",
  "validation.contractEndBeforeStart": "The contract cannot end before it starts.",
  "validation.passwordTooShort": "The password must be at least 12 characters.",

  "error.title": "Something went wrong",
  "error.forbidden": "You do not have permission to see this page.",
  "error.notFound": "We could not find what you asked for.",
  "error.unexpected": "An unexpected error occurred. The details have been logged.",
  "error.goHome": "Go to the dashboard",
  "error.badRequest": "The request was not valid: {reason}",

  "empty.noData": "No data imported yet",
  "empty.goToImports": "Go to Imports",
  "empty.noDataHint": "Figures appear here once placements and agency activity files have been imported.",

  "dashboard.title": "Dashboard",
  "dashboard.subtitle": "Portfolio placed with agencies",
  "dashboard.agencies": "Agencies",
  "dashboard.accountsPlaced": "Accounts placed",
  "dashboard.placedBalance": "Placed balance",
  "dashboard.activityEvents": "Activity events",
  "dashboard.openViolations": "Open violations",
  "dashboard.complaints": "Complaints",
  "dashboard.metricsPending": "Recovery, contact and complaint KPIs are computed from the imported data; charts appear once the metrics module has data for the period.",

  "agencies.title": "Agencies",
  "agencies.subtitle": "The collection agencies your accounts are placed with",
  "agencies.code": "Code",
  "agencies.timeZone": "Time zone",
  "agencies.commission": "Commission rate",
  "agencies.commissionHint": "Effective rate: commission under the fee schedules in force on each payment's day ÷ collected, in the period and on the page's basis",
  "agencies.contract": "Contract",
  "agencies.placements": "Placements",
  "agencies.agents": "Agents",
  "agencies.none": "No agencies yet",
  "agencies.noneHint": "An administrator adds agencies in Settings → Agencies.",

  "cases.title": "Cases",
  "cases.subtitle": "Find an account to see its placements and full activity history",
  "cases.searchPlaceholder": "Account number or customer id",
  "cases.accountNumber": "Account",
  "cases.customer": "Customer",
  "cases.debtor": "Debtor",
  "cases.product": "Product",
  "cases.phones": "Phones on file",
  "cases.timeZone": "Debtor time zone",
  "cases.thirdPartyConsent": "Third-party contact consent",
  "cases.state": "Debtor's US state",
  "cases.placedAt": "Placed",
  "cases.recalledAt": "Recalled",
  "cases.placedBalance": "Placed balance",
  "cases.dpd": "Days past due at placement",
  "cases.placementHistory": "Placement history",
  "cases.timeline": "Activity timeline",
  "cases.timelineHint": "Times are shown in the debtor's local time ({timeZone}).",
  "cases.noEvents": "No activity recorded for this account.",
  "cases.noResults": "No case matches “{query}”.",
  "cases.recent": "Recently placed accounts",
  "cases.none": "No cases yet",
  "cases.event.type": "Type",
  "cases.event.party": "Party",
  "cases.event.outcome": "Outcome",
  "cases.event.agent": "Agent",
  "cases.event.detail": "Detail",
  "cases.complaints": "Complaints",
  "cases.violations": "Violations",

  "violations.title": "Violations",
  "violations.subtitle": "Rule breaches found in agency activity, for compliance review",
  "violations.none": "No violations found",
  "violations.noneHint": "Violations appear after activity files are imported and evaluated against the rule pack in force.",
  "violations.rule": "Rule",
  "violations.severity": "Severity",
  "violations.occurredAt": "Occurred",

  "complaints.title": "Complaints",
  "complaints.subtitle": "Complaints from debtors, their families, non-borrowers and regulators",
  "complaints.none": "No complaints recorded",
  "complaints.noneHint": "Complaints arrive with the lender's complaint files on the Imports page.",
  "complaints.reference": "Reference",
  "complaints.receivedAt": "Received",
  "complaints.source": "Source",
  "complaints.category": "Category",

  "imports.title": "Imports",
  "imports.subtitle": "Placements from the lender, activity logs from agencies, complaints",
  "imports.none": "No files imported yet",
  "imports.noneHint": "Imported batches and their row counts appear here.",
  "imports.file": "File",
  "imports.kind": "Kind",
  "imports.accepted": "Accepted",
  "imports.duplicates": "Duplicates",
  "imports.rejected": "Rejected",

  "reports.title": "Reports",
  "reports.subtitle": "Monthly audit workbooks per agency or for all agencies",
  "reports.none": "No reports yet",
  "reports.noneHint": "Monthly audit reports appear here once generated.",
  "reports.period": "Period",
  "reports.scope": "Scope",

  "settings.title": "Settings",
  "settings.subtitle": "Your preferences and, for administrators, users, agencies and the access log",
  "settings.preferences": "Preferences",
  "settings.languageHint": "The language of the interface and of exported files.",
  "settings.users": "Users",
  "settings.usersHint": "Create accounts, assign roles, deactivate people who left.",
  "settings.agencies": "Agencies",
  "settings.agenciesHint": "Add agencies and edit their time zone, commission and contract.",
  "settings.accessLog": "Access log",
  "settings.accessLogHint": "Who viewed unmasked personal data or exported files, and when.",
  "settings.storage": "Stored uploads",
  "settings.storageUsage": "{files} files, {megabytes} MB in the upload folder.",
  "settings.storageRetention":
    "A preview never confirmed is deleted after 24 hours; an imported file {days} days after its last import. After that a failed import can no longer be retried: upload the file again.",

  "users.title": "Users",
  "users.new": "New user",
  "validation.agencyRequired": "An agency user must be bound to one agency.",
  "validation.agencyNotAllowed": "Only agency users are bound to an agency.",
  "validation.emailTaken": "A user with this email already exists.",
  "users.lastLogin": "Last sign-in",
  "users.deactivate": "Deactivate",
  "users.activate": "Activate",
  "validation.cannotDeactivateSelf": "You cannot deactivate your own account.",
  "users.created": "User {email} created.",
  "users.resetPassword": "Set new password",

  "agencyForm.title": "Agencies",
  "agencyForm.new": "New agency",
  "agencyForm.code": "Code",
  "agencyForm.codeHint": "Short, unique, used in files and on the command line (e.g. ACME).",
  "agencyForm.name": "Name",
  "agencyForm.timeZone": "Time zone (IANA)",
  "agencyForm.commissionRate": "Commission rate",
  "agencyForm.commissionHint": "A fraction of collections, e.g. 0.18 for 18%.",
  "agencyForm.contractStart": "Contract start",
  "agencyForm.aliases": "Aliases",
  "agencyForm.aliasesHint": "Other names the agency is listed under, one per line (the CFPB's public complaint data is matched by them).",
  "agencyForm.contractEnd": "Contract end",
  "agencyForm.saved": "Agency {code} saved.",

  "accessLog.title": "Access log",
  "accessLog.user": "User",
  "accessLog.action": "Action",
  "accessLog.resource": "Resource",
  "accessLog.address": "Address",
  "accessLog.none": "Nothing recorded yet.",
  "accessLog.action.CASE_VIEW_UNMASKED": "Viewed case with personal data",
  "accessLog.action.CASE_LIST_UNMASKED": "Listed cases with debtor names",
  "accessLog.action.EXPORT": "Exported a file",
  "accessLog.action.SIGN_IN": "Signed in",
  "accessLog.action.SIGN_OUT": "Signed out",
  "accessLog.action.USER_CREATED": "Created a user",
  "accessLog.action.USER_UPDATED": "Changed a user",
  "accessLog.action.AGENCY_SAVED": "Saved an agency",
  "accessLog.action.VIOLATION_REVIEWED": "Reviewed a violation",

  "activityType.CALL": "Call",
  "activityType.SMS": "SMS",
  "activityType.EMAIL": "Email",
  "activityType.LETTER": "Letter",
  "activityType.VISIT": "Visit",
  "activityType.PAYMENT": "Payment",
  "activityType.PROMISE": "Promise to pay",
  "activityType.DISPUTE": "Dispute",
  "activityType.CEASE_REQUEST": "Cease request",
  "activityType.NOTE": "Note",
  "activityType.CONSENT": "Consent given",
  "activityType.CONSENT_REVOKED": "Consent revoked",
  "activityType.ATTORNEY_NOTICE": "Represented by an attorney",
  "activityType.CONTACT_RESTRICTION": "Contact restriction",
  "activityType.VALIDATION_NOTICE": "Validation notice sent",
  "activityType.VERIFICATION_SENT": "Verification sent",

  "contactParty.DEBTOR": "Debtor",
  "contactParty.SPOUSE": "Spouse",
  "contactParty.FAMILY": "Family",
  "contactParty.THIRD_PARTY": "Third party",
  "contactParty.EMPLOYER": "Employer",
  "contactParty.UNKNOWN": "Unknown",
  "contactParty.ATTORNEY": "Consumer's attorney",
  "contactParty.EXECUTOR": "Executor or administrator",
  "contactParty.PARENT_GUARDIAN": "Parent or guardian",
  "contactParty.CONFIRMED_SUCCESSOR": "Confirmed successor in interest",

  "consentScope.CALLS_ABOUT_DEBT": "Calls about the debt",
  "consentScope.INCONVENIENT_TIME": "An inconvenient time",
  "consentScope.INCONVENIENT_PLACE": "An inconvenient place",
  "consentScope.THIRD_PARTY_CONTACT": "Contact with a third party",
  "consentScope.EMAIL_ADDRESS": "An email address",
  "consentScope.TEXT_NUMBER": "A number for texts",
  "consentScope.DIRECT_CONTACT": "Direct contact despite an attorney",

  "contactRestriction.INCONVENIENT_TIME": "Inconvenient time",
  "contactRestriction.INCONVENIENT_PLACE": "Inconvenient place",
  "contactRestriction.MEDIUM": "No contact by this medium",

  "contactPlace.HOME": "Home",
  "contactPlace.WORK": "Work",
  "contactPlace.OTHER": "Other place",

  "disputeForm.WRITTEN": "Written",
  "disputeForm.ORAL": "Oral",

  "voicemailContent.LIMITED_CONTENT": "Limited-content message",
  "voicemailContent.REVEALS_DEBT": "Message about the debt",

  "outcome.CONNECTED": "Connected",
  "outcome.NO_ANSWER": "No answer",
  "outcome.VOICEMAIL": "Voicemail",
  "outcome.BUSY": "Busy",
  "outcome.NOT_IN_SERVICE": "Not in service",
  "outcome.WRONG_NUMBER": "Wrong number",
  "outcome.REFUSED": "Refused",
  "outcome.DELIVERED": "Delivered",
  "outcome.FAILED": "Failed",

  "direction.OUTBOUND": "Outbound",
  "direction.INBOUND": "Inbound",

  "severity.LOW": "Low",
  "severity.MEDIUM": "Medium",
  "severity.HIGH": "High",

  "violationStatus.OPEN": "Open",
  "violationStatus.CONFIRMED": "Confirmed",
  "violationStatus.DISMISSED": "Dismissed",

  "complaintSource.DEBTOR": "Debtor",
  "complaintSource.FAMILY": "Family",
  "complaintSource.THIRD_PARTY": "Third party",
  "complaintSource.NON_BORROWER": "Non-borrower",
  "complaintSource.REGULATOR": "Regulator",
  "complaintSource.MEDIA": "Media",


  "importKind.PLACEMENTS": "Placements",
  "importKind.ACTIVITIES": "Activities",
  "importKind.COMPLAINTS": "Complaints",
  "importKind.AGENTS": "Agent roster",
  "importKind.ACKNOWLEDGMENTS": "Placement acknowledgments",
  "importKind.PAYMENTS": "Lender's ledger",

  "importStatus.QUEUED": "Queued",
  "importStatus.RUNNING": "Running",
  "importStatus.COMMITTED": "Committed",
  "importStatus.WARNING": "Committed with warnings",
  "importStatus.FAILED": "Failed",

  "reportStatus.DRAFT": "Draft",
  "reportStatus.FINAL": "Final",
} as const;

export const en = {
  ...coreEn,
  ...metricsEn,
  ...importsEn,
  ...ingestLimitsEn,
  ...importRowsEn,
  ...importFilesEn,
  ...apiTokensEn,
  ...rulesEn,
  ...violationsEn,
  ...casesEn,
  ...complaintsEn,
  ...publicComplaintsEn,
  ...reportsEn,
  ...rulePacksEn,
  ...stateOverlaysEn,
  ...dashboardEn,
  ...agenciesEn,
  ...accountsEn,
  ...riskEn,
  ...pageTitlesEn,
  ...notificationsEn,
  ...findingsEn,
  ...evaluationsEn,
  ...dataHealthEn,
  ...retentionEn,
  ...recallsEn,
  ...reconciliationEn,
  ...moneyExceptionsEn,
  ...agencyFindingsEn,
  ...reportFindingsEn,
  ...findingListEn,
  ...findingPagesEn,
  ...agencyRegisterEn,
  ...findingDetailEn,
  ...complaintWorkEn,
  ...statementsEn,
} as const;

export type MessageKey = keyof typeof en;
