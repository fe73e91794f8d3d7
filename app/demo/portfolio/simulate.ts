// What an agency does with one placement over its life: calls, texts, visits, promises that are kept or broken,
// payments, the odd dispute or cease request, and the misconduct its behaviour profile describes. Pure and
// seeded per placement, so any placement's events can be regenerated alone, in any order.
import { behaviourOf, contactHours, dpdFactor, hourWeights, type AgencyBehaviour } from "./behaviour";
import { between, pick, streamRandom, address, type Random } from "./people";
import { BASE_EVENTS, DAY_MS, wallToUtc, type PlannedPlacement, type PortfolioPlan, type PortfolioWindow } from "./plan";
import { abusiveTexts, callNotes, compliantSms, disclosureSms, incompleteSms, noteTexts, type TextContext } from "./texts";

export type SimType =
  | "CALL" | "SMS" | "EMAIL" | "LETTER" | "VISIT" | "PAYMENT" | "PROMISE" | "DISPUTE" | "CEASE_REQUEST" | "NOTE" | "VERIFICATION_SENT"
  | "CONSENT" | "ATTORNEY_NOTICE";
export type SimParty = "DEBTOR" | "SPOUSE" | "FAMILY" | "THIRD_PARTY" | "EMPLOYER" | "UNKNOWN" | "ATTORNEY";
export type SimOutcome = "CONNECTED" | "NO_ANSWER" | "VOICEMAIL" | "BUSY" | "NOT_IN_SERVICE" | "WRONG_NUMBER" | "REFUSED" | "DELIVERED" | "FAILED";

export type SimEvent = {
  utcMs: number;
  type: SimType;
  direction: "OUTBOUND" | "INBOUND";
  party: SimParty | null;
  outcome: SimOutcome | null;
  phone: string | null;
  durationSeconds: number | null;
  text: string | null;
  amountCents: number | null;
  /** Day index in the window. */
  promiseDueDay: number | null;
  visitors: number | null;
  recordingId: string | null;
  address: string | null;
  agentIndex: number;
  /** What a CONSENT covers (docs/IMPORT_FORMAT.md `consent_scope`). */
  consentScope?: "CALLS_ABOUT_DEBT" | "INCONVENIENT_TIME";
};

export type SimComplaint = {
  utcMs: number;
  accountNumber: string | null;
  agencyCode: string;
  agentIndex: number | null;
  source: "DEBTOR" | "FAMILY" | "THIRD_PARTY" | "NON_BORROWER" | "REGULATOR" | "MEDIA";
  category: string;
  severity: "LOW" | "MEDIUM" | "HIGH";
  description: string;
  phone: string | null;
};

export type SimulationContext = { seed: number; window: PortfolioWindow; /** Base events per active day at intensity 1. */ eventsPerActiveDay: number };

/** The days on which the agency works the placement: from the day after placement to the recall or the window's end. */
export function activeDays(placement: PlannedPlacement, window: PortfolioWindow): number {
  const end = Math.min(placement.recalledDay ?? window.days, window.days);
  return Math.max(0, end - (placement.placedDay + 1));
}

export type SimulatedPortfolioPlacement = { placement: PlannedPlacement; behaviour: AgencyBehaviour; simulated: SimulatedPlacement };

/**
 * Every placement of the plan simulated in order, one at a time. A re-placement takes over what the account still
 * owed at the end of its previous placement, and an account paid off is not placed again.
 */
export function* simulatePortfolio(plan: PortfolioPlan, seed: number, scale: number): Generator<SimulatedPortfolioPlacement> {
  const { window } = plan;
  // Events per active day, so that the total lands near BASE_EVENTS × scale whatever the placements' spans.
  // Promises, payments and bursts come on top of the planned slots, while paid-off and ceased placements stop
  // early; the two roughly cancel out.
  const weightedDays = plan.placements.reduce((sum, placement) => sum + behaviourOf(placement.agencyCode).intensity * activeDays(placement, window), 0);
  const eventsPerActiveDay = (BASE_EVENTS * scale) / Math.max(1, weightedDays);
  const owed = new Map<string, number>();
  for (const planned of plan.placements) {
    const previous = owed.get(planned.accountNumber);
    if (previous !== undefined && previous <= 0) continue;
    const placement = previous === undefined ? planned : { ...planned, balanceCents: previous };
    const behaviour = behaviourOf(placement.agencyCode);
    const simulated = simulatePlacement(placement, behaviour, { seed, window, eventsPerActiveDay });
    owed.set(placement.accountNumber, simulated.balanceCents);
    yield { placement, behaviour, simulated };
  }
}

type Misconduct = { day: number; kind: "harassment" | "family" | "wrongNumber" | "cease" };

/** Legal hours of a region with their weights, cumulated for drawing. */
const weightedHours = Object.fromEntries(
  (Object.keys(contactHours) as (keyof typeof contactHours)[]).map((region) => {
    const hours: number[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (let hour = contactHours[region].start; hour < contactHours[region].end; hour++) {
      total += hourWeights[hour] ?? 1;
      hours.push(hour);
      cumulative.push(total);
    }
    return [region, { hours, cumulative, total }];
  }),
) as Record<keyof typeof contactHours, { hours: number[]; cumulative: number[]; total: number }>;

export type SimulatedPlacement = { events: SimEvent[]; complaints: SimComplaint[]; /** What is still owed at the end. */ balanceCents: number };

export function simulatePlacement(placement: PlannedPlacement, behaviour: AgencyBehaviour, context: SimulationContext): SimulatedPlacement {
  const random = streamRandom(context.seed, 2, placement.index);
  const { window } = context;
  const events: SimEvent[] = [];
  const complaints: SimComplaint[] = [];
  const misconduct: Misconduct[] = [];
  const region = behaviour.region;
  const hours = contactHours[region];
  const rightPhone = placement.phones.find((phone) => phone !== placement.wrongPhone) ?? placement.phones[0] ?? null;
  const textContext: TextContext = { name: placement.debtorName, accountTail: placement.accountNumber.slice(-4), currency: placement.currency, amountCents: placement.balanceCents, familyName: placement.familyName };
  const recordingPrefix = `R${placement.index.toString(36).toUpperCase()}`;
  let recordings = 0;

  const at = (day: number, hour: number, minute: number, second = 0): number =>
    wallToUtc(placement.timeZone, window.startMs + day * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000);
  const legalHours = weightedHours[region];
  const legalHour = (): number => {
    const r = random() * legalHours.total;
    const index = legalHours.cumulative.findIndex((bound) => r < bound);
    return legalHours.hours[index < 0 ? legalHours.hours.length - 1 : index] as number;
  };
  const daytime = (day: number): number => at(day, legalHour(), between(random, 0, 59), between(random, 0, 59));
  const officeHours = (day: number): number => at(day, between(random, 9, 17), between(random, 0, 59), between(random, 0, 59));
  const offHours = (day: number): number => {
    // Late evening or early morning, in the debtor's zone.
    const hour = random() < 0.6 ? pick(random, region === "cn" ? [22, 23] : [21, 22]) : pick(random, [6, 7]);
    return at(day, hour, between(random, 0, 59), between(random, 0, 59));
  };
  // An account stays with its collector; a few move once to another (workload, leave), and now and then a teammate
  // (teams of five) makes a call while its owner is away.
  const reassignDay = random() < behaviour.reassignShare ? placement.placedDay + between(random, 20, 120) : Number.POSITIVE_INFINITY;
  const reassignedTo = (placement.agentIndex + between(random, 1, Math.max(1, behaviour.agents - 1))) % behaviour.agents;
  const ownerOn = (day: number): number => (day >= reassignDay ? reassignedTo : placement.agentIndex);
  const agentFor = (day: number): number => {
    const owner = ownerOn(day);
    if (random() >= 0.015) return owner;
    const team = owner - (owner % 5);
    return team + Math.floor(random() * Math.min(5, behaviour.agents - team));
  };
  const push = (event: Partial<SimEvent> & Pick<SimEvent, "utcMs" | "type">): SimEvent => {
    const full: SimEvent = {
      direction: "OUTBOUND", party: null, outcome: null, phone: null, durationSeconds: null, text: null, amountCents: null,
      promiseDueDay: null, visitors: null, recordingId: null, address: null, agentIndex: placement.agentIndex, ...event,
    };
    events.push(full);
    return full;
  };
  const recording = (): string | null => (random() < behaviour.recordingShare ? `${recordingPrefix}-${++recordings}` : null);
  // Who answers is the debtor's doing: some never do (dpdFactor: fewer the older the debt).
  const dpdScale = dpdFactor(placement.dpd);
  const reachable = placement.contactability < Math.min(0.95, behaviour.reachableShare * dpdScale);
  const willing = random() < Math.min(0.9, behaviour.willingShare * dpdScale);
  // The last three call attempts to the debtor's numbers, true when failed: the rules allow a call to a contact
  // person only after three failed ones.
  const attempts: boolean[] = [];
  let lastAttemptDay = -1;
  const noteAttempt = (day: number, failed: boolean) => {
    attempts.push(failed);
    if (attempts.length > 3) attempts.shift();
    lastAttemptDay = day;
  };
  const connectedCall = (utcMs: number, phone: string | null, agentIndex: number, party: SimParty = "DEBTOR") =>
    push({ utcMs, type: "CALL", party, outcome: "CONNECTED", phone, durationSeconds: between(random, 35, 600), recordingId: recording(), agentIndex, text: random() < 0.4 ? pick(random, callNotes[region]) : null });

  let balance = placement.balanceCents;
  let promise: { dueDay: number; amountCents: number; kept: boolean } | null = null;
  let wrongKnown = false;
  let ceased = false;
  let disputeUntil = -1;
  let lastConversationDay = -100;
  const countedCallDays: number[] = [];
  let callsToday = { day: -1, count: 0 };
  let lastDay = placement.placedDay;

  const pay = (day: number, amountCents: number) => {
    const amount = Math.min(balance, amountCents);
    if (amount <= 0) return;
    balance -= amount;
    push({ utcMs: daytime(day), type: "PAYMENT", direction: "INBOUND", party: "DEBTOR", amountCents: amount, agentIndex: ownerOn(day) });
  };
  const end = Math.min(placement.recalledDay ?? window.days, window.days);
  const settlePromise = (beforeDay: number) => {
    if (!promise || promise.dueDay >= beforeDay) return;
    // Paid on or a little before the due day, but after every contact already made: a payment in full ends the work.
    if (promise.kept && promise.dueDay < end) pay(Math.max(lastDay + 1, promise.dueDay - between(random, 0, 2)), promise.amountCents);
    promise = null;
  };

  const start = placement.placedDay + 1;
  const span = activeDays(placement, window);
  const expected = context.eventsPerActiveDay * behaviour.intensity * span;
  const count = span > 0 ? Math.max(1, Math.round(expected * (0.5 + random()))) : 0;
  const days = Array.from({ length: count }, () => start + Math.floor(random() * span)).sort((a, b) => a - b);
  const disputeAt = random() < 0.015 ? Math.floor(random() * count) : -1;
  const ceaseAt = random() < 0.012 ? Math.floor(random() * count) : -1;
  const ignoresCease = random() >= behaviour.honoursCease;
  // Off-hours contact clusters on some accounts (those an agent "works hard"), at offHoursShare overall.
  const offHoursAccountShare = Math.min(1, behaviour.offHoursShare * 4);
  const offHoursAllowed = random() < offHoursAccountShare;
  // Calls to family cluster the same way, on a third of the accounts at most.
  const familyAccountShare = Math.min(1, behaviour.familyCallShare * 3);
  const familyCalls = familyAccountShare > 0 && random() < familyAccountShare;
  let locationCalled = false;

  for (let slot = 0; slot < days.length; slot++) {
    const day = days[slot] as number;
    settlePromise(day);
    if (balance <= 0) break;
    lastDay = day;
    if (ceased && !ignoresCease) break;
    if (day < disputeUntil) continue;
    if (slot === disputeAt) {
      push({ utcMs: daytime(day), type: "DISPUTE", direction: "INBOUND", party: "DEBTOR", text: region === "cn" ? "客户对欠款金额有异议，要求提供账单明细" : "Consumer disputes the balance and asks for an itemised statement." });
      if (behaviour.callCapBreachRate < 1) {
        // Collection pauses until the agency has sent the verification, which it records.
        disputeUntil = day + between(random, 3, 10);
        if (disputeUntil < end) push({ utcMs: daytime(disputeUntil), type: "VERIFICATION_SENT", text: region === "cn" ? "核实结果：账单明细已寄送客户" : "Verification: itemised statement mailed to the consumer." });
      }
      continue;
    }
    if (slot === ceaseAt) {
      push({ utcMs: daytime(day), type: "CEASE_REQUEST", direction: "INBOUND", party: "DEBTOR", text: region === "cn" ? "客户要求停止催收联系" : "Consumer asked in writing that we stop contacting them." });
      ceased = true;
      // An agency that honours the request sends the one notice still permitted (Reg F 1006.6(c)(2)(i)) the next
      // morning, at a fixed time so the seeded sequence of everything else stays as it was.
      const nextDay = days[slot + 1];
      if (!ignoresCease && nextDay !== undefined) {
        const notice = region === "cn" ? "应您的要求，我们将停止对您的催收。" : "As you asked, our collection efforts on this account are ending.";
        push({ utcMs: at(nextDay, 10, 0), type: "LETTER", party: "DEBTOR", agentIndex: ownerOn(day), text: notice });
      }
      continue;
    }
    if (ceased) misconduct.push({ day, kind: "cease" });

    const agentIndex = agentFor(day);
    const late = offHoursAllowed && random() < behaviour.offHoursShare / offHoursAccountShare;
    const time = late ? offHours(day) : daytime(day);
    if (late) misconduct.push({ day, kind: "harassment" });
    const r = random();
    const kind = region === "cn"
      ? r < 0.72 ? "CALL" : r < 0.92 ? "SMS" : r < 0.935 ? "VISIT" : r < 0.99 ? "NOTE" : "LETTER"
      : r < 0.66 ? "CALL" : r < 0.8 ? "SMS" : r < 0.9 ? "EMAIL" : r < 0.93 ? "LETTER" : "NOTE";

    if (kind === "CALL") {
      if (random() < behaviour.burstShare) {
        // A pressure day: the same number dialled again and again within two hours.
        const burst = between(random, 7, 10);
        const base = at(day, between(random, hours.start + 1, hours.end - 3), 0);
        for (let call = 0; call < burst; call++) {
          const connected = reachable && random() < 0.3;
          const utcMs = base + call * between(random, 4, 12) * 60_000;
          if (connected) connectedCall(utcMs, rightPhone, agentIndex);
          else push({ utcMs, type: "CALL", party: "DEBTOR", outcome: "NO_ANSWER", phone: rightPhone, agentIndex });
          noteAttempt(day, !connected);
        }
        misconduct.push({ day, kind: "harassment" });
        continue;
      }
      if (familyCalls && random() < behaviour.familyCallShare / familyAccountShare) {
        connectedCall(time, placement.familyPhone, agentIndex, pick(random, ["FAMILY", "FAMILY", "SPOUSE", "EMPLOYER"] as const));
        misconduct.push({ day, kind: "family" });
        continue;
      }
      const toWrong = placement.wrongPhone !== null && (!wrongKnown || random() < behaviour.wrongNumberRepeatRate);
      if (toWrong) {
        const outcome = wrongKnown ? pick(random, ["NO_ANSWER", "REFUSED", "WRONG_NUMBER"] as const) : "WRONG_NUMBER";
        push({ utcMs: time, type: "CALL", party: "UNKNOWN", outcome, phone: placement.wrongPhone, agentIndex });
        noteAttempt(day, outcome !== "REFUSED");
        if (wrongKnown) misconduct.push({ day, kind: "wrongNumber" });
        wrongKnown = true;
        continue;
      }
      // Calling limits: China caps calls per number per day, Reg F 7 calls in 7 days and a quiet week after a conversation.
      if (callsToday.day !== day) callsToday = { day, count: 0 };
      const recentCalls = countedCallDays.filter((callDay) => callDay > day - 7).length;
      const breach = region === "us" ? day - lastConversationDay < 7 || recentCalls >= 7 : callsToday.count >= 3;
      if (breach && random() >= behaviour.callCapBreachRate) {
        push({ utcMs: time, type: "SMS", party: "DEBTOR", outcome: "DELIVERED", phone: rightPhone, agentIndex, text: compliantSms(random, region, textContext) });
        continue;
      }
      if (!reachable && !locationCalled && attempts.length === 3 && attempts.every(Boolean) && day > lastAttemptDay && random() < behaviour.locationCallShare) {
        locationCalled = true;
        // The debtor cannot be reached: the collector asks the emergency contact where to find them, without a word
        // about the debt. A contact, but not with the right party.
        push({ utcMs: time, type: "CALL", party: "FAMILY", outcome: "CONNECTED", phone: placement.familyPhone, durationSeconds: between(random, 30, 150), recordingId: recording(), agentIndex });
        continue;
      }
      callsToday.count++;
      // Fewer answers as the placement ages: who was going to talk has talked.
      const age = day - placement.placedDay;
      if (reachable && random() < behaviour.answerRate * Math.max(0.35, 1 - age / 300)) {
        connectedCall(time, rightPhone, agentIndex);
        countedCallDays.push(day);
        lastConversationDay = day;
        noteAttempt(day, false);
        if (!promise && willing && random() < behaviour.promiseRate) {
          const share = pick(random, [0.1, 0.2, 0.3, 0.5, 1]);
          const amountCents = Math.max(100, Math.round((balance * share) / 10_000) * 10_000) || balance;
          const dueDay = day + between(random, 3, 14);
          promise = { dueDay, amountCents: Math.min(amountCents, balance), kept: random() < behaviour.promiseKeptRate };
          push({
            utcMs: time + 120_000, type: "PROMISE", direction: "INBOUND", party: "DEBTOR", amountCents: promise.amountCents, promiseDueDay: dueDay, agentIndex,
            text: region === "cn" ? "客户承诺按期还款" : "Consumer promised to pay.",
          });
        }
      } else {
        // Somebody who answers and hangs up (REFUSED) is only possible on a number the debtor uses.
        const outcome = pick(random, region === "cn" ? (reachable ? (["NO_ANSWER", "NO_ANSWER", "NO_ANSWER", "BUSY", "REFUSED", "NOT_IN_SERVICE"] as const) : (["NO_ANSWER", "NO_ANSWER", "NO_ANSWER", "BUSY", "NOT_IN_SERVICE", "NOT_IN_SERVICE"] as const)) : (["NO_ANSWER", "NO_ANSWER", "VOICEMAIL", "VOICEMAIL", "BUSY"] as const));
        noteAttempt(day, outcome !== "REFUSED");
        if (outcome !== "BUSY" && outcome !== "NOT_IN_SERVICE") countedCallDays.push(day);
        push({ utcMs: time, type: "CALL", party: "DEBTOR", outcome, phone: rightPhone, agentIndex, durationSeconds: outcome === "VOICEMAIL" ? between(random, 15, 40) : null });
      }
      if (countedCallDays.length > 20) countedCallDays.splice(0, countedCallDays.length - 10);
      continue;
    }
    if (kind === "SMS") {
      if (random() < behaviour.familySmsShare) {
        push({ utcMs: time, type: "SMS", party: pick(random, ["FAMILY", "FAMILY", "SPOUSE", "THIRD_PARTY"] as const), outcome: "DELIVERED", phone: placement.familyPhone, agentIndex, text: disclosureSms(random, region, textContext) });
        misconduct.push({ day, kind: "family" });
        continue;
      }
      const toWrong = placement.wrongPhone !== null && (!wrongKnown ? random() < 0.5 : random() < behaviour.wrongNumberRepeatRate);
      if (toWrong && wrongKnown) misconduct.push({ day, kind: "wrongNumber" });
      const abusive = random() < behaviour.abusiveSmsShare;
      if (abusive) misconduct.push({ day, kind: "harassment" });
      const text = abusive ? pick(random, abusiveTexts[region]) : random() < behaviour.incompleteSmsShare ? pick(random, incompleteSms[region]) : compliantSms(random, region, textContext);
      push({ utcMs: time, type: "SMS", party: "DEBTOR", outcome: "DELIVERED", phone: toWrong ? placement.wrongPhone : rightPhone, agentIndex, text });
      continue;
    }
    if (kind === "VISIT") {
      // Visits happen in daylight; a careless agency sends one collector alone.
      const alone = random() < behaviour.callCapBreachRate * 0.4;
      push({ utcMs: officeHours(day), type: "VISIT", party: "DEBTOR", visitors: alone ? 1 : 2, recordingId: recording(), address: address(random, region), agentIndex, text: region === "cn" ? "上门拜访，与本人沟通还款安排" : "Field visit, discussed a payment plan." });
      continue;
    }
    if (kind === "EMAIL") {
      push({ utcMs: time, type: "EMAIL", party: "DEBTOR", outcome: "DELIVERED", agentIndex, text: compliantSms(random, region, textContext) });
      continue;
    }
    if (kind === "LETTER") {
      push({ utcMs: daytime(day), type: "LETTER", party: "DEBTOR", agentIndex, text: region === "cn" ? "寄送还款提醒函" : "Payment reminder letter mailed." });
      continue;
    }
    push({ utcMs: daytime(day), type: "NOTE", agentIndex, text: pick(random, noteTexts[region]) });
    if (random() < 0.01) pay(day, Math.round(balance * 0.05));
  }
  settlePromise(end);

  // After the recall some agencies keep going for a few days before their systems catch up.
  if (placement.recalledDay !== null && placement.recalledDay + 5 < window.days && balance > 0 && random() < behaviour.contactAfterRecallRate) {
    const extra = between(random, 1, 3);
    for (let index = 0; index < extra; index++) {
      push({ utcMs: daytime(placement.recalledDay + between(random, 1, 5)), type: "CALL", party: "DEBTOR", outcome: "NO_ANSWER", phone: rightPhone, agentIndex: ownerOn(placement.recalledDay) });
    }
  }

  if (placement.showcase) scriptShowcase(placement, behaviour, { random, at, push, connectedCall, textContext, complaints, window });
  if (placement.showcase === "IDLEWOOD") honourConsumerRequests(events);
  else complaintsFollowing(placement, behaviour, misconduct, random, complaints, window);
  events.sort((a, b) => a.utcMs - b.utcMs);
  return { events, complaints, balanceCents: balance };
}

type ComplaintTexts = Record<Misconduct["kind"] | "general", Record<"cn" | "us", readonly (readonly [string, string])[]>>;

const complaintTexts: ComplaintTexts = {
  harassment: {
    cn: [["频繁致电", "客户反映一天内多次接到催收电话，夜间也有来电。"], ["威胁恐吓", "客户称催收短信威胁要通知其单位和家人，并称要报警抓人。"], ["辱骂", "客户反映催收员电话中辱骂。"]],
    us: [["Calls at inconvenient times", "Consumer reports calls after 9 pm and before 8 am."], ["Harassment", "Consumer says the collector called repeatedly in one day."]],
  },
  family: {
    cn: [["骚扰家属", "借款人家属反映收到催收短信，短信透露了欠款金额。"], ["透露债务", "借款人母亲接到催收电话，被告知借款人欠款逾期。"]],
    us: [["Third-party disclosure", "The consumer's sister received a text that mentioned the debt."]],
  },
  wrongNumber: {
    cn: [["错误号码", "非借款人反映持续收到催收电话和短信，已多次说明打错了。"], ["非本人骚扰", "机主称与借款人无关，仍被反复催收。"]],
    us: [["Wrong number", "The caller is not the consumer and keeps getting collection calls."]],
  },
  cease: {
    cn: [["要求停催后仍联系", "客户已书面要求停止联系，仍收到催收电话。"]],
    us: [["Contact after cease request", "Consumer asked in writing to stop contact; calls continued."]],
  },
  general: {
    cn: [["服务态度", "客户反映催收员态度生硬。"], ["还款未入账", "客户称已还款但仍被催收。"]],
    us: [["Payment not credited", "Consumer says a payment was made but collection continued."], ["No response", "Consumer requested a payment plan and heard nothing back."]],
  },
};

function complaintsFollowing(placement: PlannedPlacement, behaviour: AgencyBehaviour, misconduct: Misconduct[], random: Random, complaints: SimComplaint[], window: PortfolioWindow) {
  const region = behaviour.region;
  const receivedAt = (day: number) => window.startMs + Math.min(window.days - 1, day + between(random, 1, 5)) * DAY_MS + between(random, 1, 10) * 3_600_000 + between(random, 0, 59) * 60_000;
  const first = misconduct[0];
  if (first && random() < behaviour.complaintRate * Math.min(1, misconduct.length / 2)) {
    const [category, description] = pick(random, complaintTexts[first.kind][region]);
    const source = first.kind === "wrongNumber" ? "NON_BORROWER" : first.kind === "family" ? "FAMILY" : random() < 0.1 ? "REGULATOR" : "DEBTOR";
    complaints.push({
      utcMs: receivedAt(first.day),
      // A non-borrower does not know the account; the number is what they can report.
      accountNumber: source === "NON_BORROWER" ? null : placement.accountNumber,
      agencyCode: placement.agencyCode,
      agentIndex: source === "NON_BORROWER" ? null : placement.agentIndex,
      source,
      category,
      severity: first.kind === "harassment" || first.kind === "family" ? "HIGH" : "MEDIUM",
      description,
      phone: source === "NON_BORROWER" ? placement.wrongPhone : source === "FAMILY" ? placement.familyPhone : (placement.phones.at(-1) ?? null),
    });
  } else if (random() < behaviour.baseComplaintRate) {
    const [category, description] = pick(random, complaintTexts.general[region]);
    const day = placement.placedDay + between(random, 5, 60);
    if (day < window.days) complaints.push({ utcMs: receivedAt(day), accountNumber: placement.accountNumber, agencyCode: placement.agencyCode, agentIndex: placement.agentIndex, source: "DEBTOR", category, severity: "LOW", description, phone: null });
  }
}

/** The note on IDLEWOOD's scripted 07:30 call, made at the consumer's request (tests find the call by it). */
export const IDLEWOOD_EARLY_CALL_NOTE = "Called back at 07:30 as the consumer asked.";
const ATTORNEY_PHONE = "+12125550150";

/**
 * The agency that does what the consumer asked: no text to a number after its STOP reply, and after an attorney's
 * notice of representation no communication but with the attorney (the random activity knows neither).
 */
function honourConsumerRequests(events: SimEvent[]): void {
  const stopped = new Map<string, number>();
  let representedFrom = Number.POSITIVE_INFINITY;
  for (const event of events) {
    if (event.type === "SMS" && event.direction === "INBOUND" && event.text === "STOP" && event.phone !== null) stopped.set(event.phone, Math.min(stopped.get(event.phone) ?? Infinity, event.utcMs));
    if (event.type === "ATTORNEY_NOTICE") representedFrom = Math.min(representedFrom, event.utcMs);
  }
  const contact = new Set<SimType>(["CALL", "SMS", "EMAIL", "LETTER", "VISIT"]);
  const kept = events.filter((event) => {
    if (event.direction !== "OUTBOUND" || !contact.has(event.type)) return true;
    if (event.utcMs > representedFrom && event.party !== "ATTORNEY") return false;
    const stop = event.phone === null ? undefined : stopped.get(event.phone);
    return !(event.type === "SMS" && stop !== undefined && event.utcMs > stop);
  });
  events.splice(0, events.length, ...kept);
}

/** The scripted accounts of facts.ts: the same story at every scale, on top of their random activity. */
function scriptShowcase(
  placement: PlannedPlacement,
  behaviour: AgencyBehaviour,
  tools: {
    random: Random;
    at: (day: number, hour: number, minute: number, second?: number) => number;
    push: (event: Partial<SimEvent> & Pick<SimEvent, "utcMs" | "type">) => SimEvent;
    connectedCall: (utcMs: number, phone: string | null, agentIndex: number, party?: SimParty) => SimEvent;
    textContext: TextContext;
    complaints: SimComplaint[];
    window: PortfolioWindow;
  },
) {
  const { at, push, connectedCall, random } = tools;
  const day = placement.placedDay + 3;
  const phone = placement.phones.at(-1) ?? null;
  const promiseAndPayment = (promiseDay: number, amountCents: number) => {
    push({ utcMs: at(promiseDay, 10, 32), type: "PROMISE", direction: "INBOUND", party: "DEBTOR", amountCents, promiseDueDay: promiseDay + 7, text: behaviour.region === "cn" ? "客户承诺一周内还款" : "Consumer promised to pay within a week." });
    push({ utcMs: at(promiseDay + 6, 14, 5), type: "PAYMENT", direction: "INBOUND", party: "DEBTOR", amountCents });
  };
  const complaint = (fields: Omit<SimComplaint, "agencyCode" | "utcMs">, onDay: number) =>
    tools.complaints.push({ ...fields, agencyCode: placement.agencyCode, utcMs: tools.window.startMs + onDay * DAY_MS + 2 * 3_600_000 });
  switch (placement.agencyCode) {
    case "ANCHOR":
      connectedCall(at(day, 10, 30), phone, 0);
      promiseAndPayment(day, 500_000);
      // A complaint of night-time calls the log does not bear out (the call was at 10:30): LOGGED_NO_VIOLATION.
      complaint({ accountNumber: placement.accountNumber, agentIndex: 0, source: "DEBTOR", category: "夜间催收", severity: "LOW", description: "客户称晚上接到催收电话。", phone }, day + 3);
      break;
    case "BLITZ":
      connectedCall(at(day, 23, 15), phone, 0);
      push({ utcMs: at(day, 23, 20), type: "SMS", party: "DEBTOR", outcome: "DELIVERED", phone, text: "张伟，再不还钱就爆通讯录，让你全家都知道你是老赖，等着坐牢吧！" });
      for (let call = 0; call < 8; call++) push({ utcMs: at(day + 1, 9, 10 + call * 6), type: "CALL", party: "DEBTOR", outcome: "NO_ANSWER", phone });
      connectedCall(at(day + 2, 10, 0), phone, 0);
      promiseAndPayment(day + 2, 800_000);
      // An instalment in the window's last weeks: BLITZ collects in every recent month the dashboard shows.
      connectedCall(at(tools.window.days - 20, 10, 0), phone, 0);
      promiseAndPayment(tools.window.days - 20, 200_000);
      complaint({ accountNumber: placement.accountNumber, agentIndex: 0, source: "DEBTOR", category: "威胁恐吓", severity: "HIGH", description: "客户反映深夜接到催收电话，短信威胁爆通讯录并称要让其坐牢。", phone }, day + 4);
      break;
    case "CROSSLINE":
      push({ utcMs: at(day, 10, 0), type: "CALL", party: "UNKNOWN", outcome: "WRONG_NUMBER", phone: placement.wrongPhone });
      push({ utcMs: at(day + 2, 11, 0), type: "SMS", party: "DEBTOR", outcome: "DELIVERED", phone: placement.wrongPhone, text: "李娜您好，您的账户已逾期，请通过APP或支付宝还款，客服 4008001234。" });
      push({ utcMs: at(day + 5, 15, 0), type: "CALL", party: "UNKNOWN", outcome: "REFUSED", phone: placement.wrongPhone });
      complaint({ accountNumber: null, agentIndex: null, source: "NON_BORROWER", category: "错误号码", severity: "MEDIUM", description: "机主称不认识借款人，已说明打错，仍收到催收电话和短信。", phone: placement.wrongPhone }, day + 6);
      break;
    case "KINLINK":
      push({ utcMs: at(day, 11, 20), type: "SMS", party: "FAMILY", outcome: "DELIVERED", phone: placement.familyPhone, text: "您好，您的家人刘洋在我司欠款24680元已严重逾期，请督促其尽快还款，否则后果自理。" });
      complaint({ accountNumber: placement.accountNumber, agentIndex: 0, source: "FAMILY", category: "透露债务", severity: "HIGH", description: "借款人母亲收到短信，短信写明借款人欠款金额。", phone: placement.familyPhone }, day + 3);
      break;
    case "IDLEWOOD":
      push({ utcMs: at(day + 7, 11, 0), type: "CALL", party: "DEBTOR", outcome: "NO_ANSWER", phone });
      // The consumer replies STOP to a text (12 CFR 1006.14(h)); IDLEWOOD honours it and only calls afterwards.
      push({ utcMs: at(day + 8, 14, 0), type: "SMS", direction: "INBOUND", party: "DEBTOR", outcome: "DELIVERED", phone, text: "STOP" });
      push({ utcMs: at(day + 10, 11, 0), type: "CALL", party: "DEBTOR", outcome: "NO_ANSWER", phone });
      // The consumer asks to be called before work, at 07:30 (§1006.6(b)(4)(i) consent given directly to the agency):
      // the early call is no contact-hours violation.
      push({ utcMs: at(day + 12, 18, 0), type: "CONSENT", direction: "INBOUND", party: "DEBTOR", phone, consentScope: "INCONVENIENT_TIME", text: "Consumer asked to be called before work." });
      push({ utcMs: at(day + 13, 7, 30), type: "CALL", party: "DEBTOR", outcome: "NO_ANSWER", phone, text: IDLEWOOD_EARLY_CALL_NOTE });
      // Then an attorney writes that they represent the consumer (§1006.6(b)(2)); IDLEWOOD talks to the attorney only.
      push({ utcMs: at(day + 40, 12, 0), type: "ATTORNEY_NOTICE", direction: "INBOUND", party: "ATTORNEY", text: "Letter of representation received." });
      push({ utcMs: at(day + 41, 11, 0), type: "CALL", party: "ATTORNEY", outcome: "CONNECTED", phone: ATTORNEY_PHONE, durationSeconds: 240 });
      break;
    case "MERIDIAN":
      for (let call = 0; call < 9; call++) push({ utcMs: at(day + Math.floor(call / 2), 10 + (call % 2) * 5, 15), type: "CALL", party: "DEBTOR", outcome: "NO_ANSWER", phone, durationSeconds: null });
      connectedCall(at(day + 20, 10, 0), phone, 0);
      promiseAndPayment(day + 20, 120_000);
      // The consumer replies STOP; MERIDIAN texts again anyway (CONSUMER_RESTRICTION).
      push({ utcMs: at(day + 30, 14, 0), type: "SMS", direction: "INBOUND", party: "DEBTOR", outcome: "DELIVERED", phone, text: "STOP" });
      push({ utcMs: at(day + 31, 11, 0), type: "SMS", party: "DEBTOR", outcome: "DELIVERED", phone, text: "Robert, your account with Meridian Recovery is past due. Call us to arrange a payment. Reply STOP to opt out." });
      // An attorney writes that they represent the consumer; MERIDIAN keeps calling the consumer (ATTORNEY_REPRESENTED).
      push({ utcMs: at(day + 40, 12, 0), type: "ATTORNEY_NOTICE", direction: "INBOUND", party: "ATTORNEY", text: "Letter of representation received." });
      push({ utcMs: at(day + 42, 11, 0), type: "CALL", party: "DEBTOR", outcome: "NO_ANSWER", phone });
      break;
  }
  void random;
}
