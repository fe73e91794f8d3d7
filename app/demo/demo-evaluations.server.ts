// The demo's evaluation (ADR 031): ANCHOR, the strong agency, evaluated over the demo year and signed by the demo's
// vendor manager and compliance officer through the same domain functions the evaluation page calls.
import { getPrisma } from "~/db/client.server";
import { createEvaluation, signEvaluation, updateEvaluation, type EvaluationViewer } from "~/evaluations/evaluations.server";
import { demoUsers } from "./demo-users";

export async function seedDemoEvaluations(input: { window: { from: string; to: string }; now: Date; log?: (line: string) => void }): Promise<number | null> {
  const prisma = getPrisma();
  const anchor = await prisma.agency.findUnique({ where: { code: "ANCHOR" }, select: { id: true } });
  if (!anchor || (await prisma.agencyEvaluation.count({ where: { agencyId: anchor.id } })) > 0) return null;
  const viewer = async (role: "VENDOR_MANAGER" | "COMPLIANCE"): Promise<EvaluationViewer> => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: demoUsers.find((candidate) => candidate.role === role)!.email }, select: { id: true } });
    return { id: user.id, role, agencyId: null };
  };
  const vendor = await viewer("VENDOR_MANAGER");
  const compliance = await viewer("COMPLIANCE");
  const id = await createEvaluation({ agencyId: anchor.id, from: input.window.from, to: input.window.to }, vendor, input.now);
  await updateEvaluation(
    id,
    {
      sections: {
        performance: { score: 4, comment: "Recovery index above the portfolio; steady net back through the year." },
        compliance: { score: 5, comment: "Very few violations per 1,000 contacts; every collector trained and certified." },
        infosec: { score: 4, comment: "Encryption and access control in place; incident drill due next quarter.", answers: { dataEncryption: "YES", accessControl: "YES", incidentResponse: "PARTLY", personalInformationAgreement: "YES", staffBackgroundChecks: "YES" } },
        operations: { score: 4, comment: "Complaints handled within the agreed time.", answers: { complaintHandlingPolicy: "YES", trainingProgramme: "YES", callQualityMonitoring: "YES", subcontractorsApproved: "YES", businessContinuity: "PARTLY" } },
      },
      overallRating: 4,
      decision: "RENEW",
      conditions: [],
      lenderNotes: "Candidate for a larger share of next year's placements.",
      notesShared: false,
    },
    0,
    vendor,
    input.now,
  );
  await signEvaluation(id, 1, vendor, input.now);
  await signEvaluation(id, 2, compliance, input.now);
  input.log?.(`ANCHOR's evaluation #${id} signed by the vendor manager and compliance.`);
  return id;
}
