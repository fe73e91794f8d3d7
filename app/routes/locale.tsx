import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getOptionalUser } from "~/auth/guards.server";
import { safeRedirectPath } from "~/http/safe-redirect";
import { locales } from "~/i18n/locales";
import { saveLocale } from "~/i18n/locale.server";
import { readFormData } from "~/http/read-body.server";

const localeForm = z.object({ locale: z.enum(locales), redirectTo: z.string().optional() });

export async function action({ request }: ActionFunctionArgs) {
  // Anyone may choose a language, including on the sign-in page; signed-in users have it saved on their record.
  const user = await getOptionalUser(request);
  const parsed = localeForm.safeParse(Object.fromEntries(await readFormData(request, null)));
  if (!parsed.success) throw new Response("Unsupported language", { status: 400 });
  const setCookie = await saveLocale(parsed.data.locale, user);
  throw redirect(safeRedirectPath(parsed.data.redirectTo), { headers: { "Set-Cookie": setCookie } });
}

export async function loader() {
  throw redirect("/");
}
