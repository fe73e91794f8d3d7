import { currentTime } from "~/clock/clock.server";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { registerActor, registerFailureResponse, requireRegisterAgency } from "~/agency-register/register-route.server";
import { addAgencyDocument } from "~/agency-register/register.server";
import { notFound, requirePermission } from "~/auth/guards.server";
import { MAX_ATTACHMENT_UPLOAD_BYTES, MULTIPART_ENVELOPE_BYTES } from "~/http/body-limits";
import { readFormData } from "~/http/read-body.server";

// POST /agencies/:code/register/documents (multipart: file, type, validFrom, expiresOn, note): a new version of one of
// the agency's register documents. Answers the stored version, or the refusal with its reason: 413 over 10 MB, 415 a
// refused type, 400 bad fields (an expiry before the start). Nothing is stored when refused.
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "register.manage");
  const agency = await requireRegisterAgency(user, params.code);
  // One byte over the limit is read, so the file's own check can name the limit.
  const form = await readFormData(request, user, MAX_ATTACHMENT_UPLOAD_BYTES + 1 + MULTIPART_ENVELOPE_BYTES);
  const file = form.get("file");
  if (!(file instanceof File) || file.name === "") return data({ ok: false as const, reason: "noFile", field: "file", message: "Choose a file to upload." }, { status: 400 });
  try {
    const document = await addAgencyDocument(
      { agencyId: agency.id, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), type: form.get("type"), validFrom: form.get("validFrom") ?? "", expiresOn: form.get("expiresOn") ?? "", note: form.get("note") ?? "" },
      registerActor(user, request),
      currentTime(),
    );
    return data({ ok: true as const, document }, { status: 201 });
  } catch (error) {
    return registerFailureResponse(error);
  }
}

export async function loader() {
  throw notFound();
}
