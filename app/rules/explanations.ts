// Sentences for rule names and violation explanations, in the `{param}` syntax of ~/i18n/translate. Violations
// store only the key and language-neutral params, so one stored finding reads in either language. Keys with a
// suffix other than ".explanation" are variants of the same rule (which condition was breached).
export const rulesEn = {
  "rules.pack.cn": "China (GB/T 45251-2025, China Banking Association 2026)",
  "rules.pack.us": "United States (Regulation F)",
  /** Appended to the explanation of a violation a state rule found (./state-overlays). */
  "rules.stateOverlay.applied": "Stricter state rule: {state}, {citation}.",

  "rules.CONTACT_HOURS.name": "Contact hours",
  "rules.DAILY_CONNECTED_CALLS.name": "Connected calls per day",
  "rules.DAILY_ATTEMPTS_PER_NUMBER.name": "Call attempts per number per day",
  "rules.CALL_FREQUENCY_7IN7.name": "7 calls in 7 days",
  "rules.CALL_AFTER_CONVERSATION.name": "Call after a conversation",
  "rules.THIRD_PARTY_CONTACT.name": "Third-party contact",
  "rules.THIRD_PARTY_DISCLOSURE.name": "Debt disclosed to a third party",
  "rules.WRONG_PARTY_REPEAT.name": "Contact with a reported wrong number",
  "rules.ABUSIVE_LANGUAGE.name": "Abusive or threatening language",
  "rules.CONTACT_AFTER_CEASE.name": "Contact after a cease request",
  "rules.CONTACT_DURING_DISPUTE.name": "Contact during a dispute",
  "rules.CONTACT_AFTER_RECALL.name": "Activity after recall or payoff",
  "rules.VISIT_RULES.name": "Home visit requirements",
  "rules.CALL_RECORDING_MISSING.name": "Call recording missing",
  "rules.SMS_REQUIRED_CONTENT.name": "Required content of texts and emails",
  "rules.CONSUMER_RESTRICTION.name":
    "Consumer's inconvenient times, places and media",
  "rules.ATTORNEY_REPRESENTED.name":
    "Contact with a consumer represented by an attorney",
  "rules.UNTRAINED_AGENT.name": "Contact by an untrained agent",

  "rules.CONTACT_HOURS.explanation":
    "Contact at {time} ({timeZone}) is outside the allowed hours {start}–{end}.",
  "rules.DAILY_CONNECTED_CALLS.explanation":
    "Connected call no. {count} with the debtor on {date}, all agencies together, is over the daily limit of {max}: {times}.",
  "rules.DAILY_ATTEMPTS_PER_NUMBER.explanation":
    "Call attempt no. {count} to {phone} on {date} is over the daily limit of {max}: {times}.",
  "rules.CALL_FREQUENCY_7IN7.explanation":
    "Call no. {count} on this account within {days} consecutive days is over the limit of {max}: {times}.",
  "rules.CALL_FREQUENCY_7IN7.debtor":
    "Call no. {count} by this agency to the debtor about this account within {days} consecutive days is over the limit of {max} (12 CFR 1006.14(b)(2)(i)(A); the debtor: calls recorded as to the debtor, or to a number on file for the debtor): {times}.",
  "rules.CALL_FREQUENCY_7IN7.communications":
    "Communication no. {count} by this agency about this account within {days} consecutive days, telephone calls and text messages counted together, is over the limit of {max}: {times}.",
  "rules.CALL_FREQUENCY_7IN7.debtorAllAgencies":
    "Call no. {count} to the debtor about this account within {days} consecutive days, counting all agencies together (the lender's own stricter policy; Reg F counts each agency on its own), is over the limit of {max}: {times}.",
  "rules.CALL_FREQUENCY_7IN7.person":
    "Call no. {count} by this agency about this account to the person recorded as {party} at {phone} (a person is the recorded party and the number called) within {days} consecutive days is over the limit of {max}; 12 CFR 1006.14(b)(2) protects every person called, not only the debtor: {times}.",
  "rules.CALL_FREQUENCY_7IN7.personAllAgencies":
    "Call no. {count} about this account to the person recorded as {party} at {phone} within {days} consecutive days, counting all agencies together (the lender's own stricter policy; Reg F counts each agency on its own), is over the limit of {max}: {times}.",
  "rules.CALL_AFTER_CONVERSATION.explanation":
    "Call at {time} falls within {days} days of the telephone conversation with the debtor at {conversationTime}.",
  "rules.CALL_AFTER_CONVERSATION.debtor":
    "Call at {time} by this agency to the debtor falls within {days} days of this agency's telephone conversation with the debtor at {conversationTime} (12 CFR 1006.14(b)(2)(i)(B)).",
  "rules.CALL_AFTER_CONVERSATION.debtorAllAgencies":
    "Call at {time} to the debtor falls within {days} days of a telephone conversation with the debtor at {conversationTime}, counting all agencies together (the lender's own stricter policy; Reg F counts each agency on its own).",
  "rules.CALL_AFTER_CONVERSATION.person":
    "Call at {time} by this agency to the person recorded as {party} at {phone} falls within {days} days of this agency's telephone conversation with that person at {conversationTime}: a conversation starts the window of the person spoken with (12 CFR 1006.14(b)(2)(i)(B)).",
  "rules.CALL_AFTER_CONVERSATION.personAllAgencies":
    "Call at {time} to the person recorded as {party} at {phone} falls within {days} days of a telephone conversation with that person at {conversationTime}, counting all agencies together (the lender's own stricter policy; Reg F counts each agency on its own).",
  "rules.THIRD_PARTY_CONTACT.explanation":
    "Third party contacted at {time} without consent while the debtor was reachable: {failed} of the latest {considered} call attempts to the debtor failed ({attempts}); {required} consecutive failures are required.",
  "rules.THIRD_PARTY_CONTACT.noAttempts":
    "Third party contacted at {time} without consent and before any call attempt to the debtor.",
  "rules.THIRD_PARTY_DISCLOSURE.explanation":
    "Message at {time} to someone other than the debtor reveals the debt: {terms}.",
  "rules.WRONG_PARTY_REPEAT.explanation":
    "{phone} contacted at {time} after it was reported as a wrong number at {reportedAt}.",
  "rules.WRONG_PARTY_REPEAT.complaint":
    "{phone} contacted at {time} after a non-borrower complaint ({complaintRef}) reported it at {reportedAt}.",
  "rules.ABUSIVE_LANGUAGE.explanation":
    "Message at {time} contains threatening, insulting or false legal language: {terms}.",
  "rules.CONTACT_AFTER_CEASE.explanation":
    "Contact at {time} after the debtor asked at {requestTime} to stop contact.",
  "rules.CONTACT_AFTER_CEASE.thirdParty":
    "Contact at {time} with a person who asked at {requestTime} not to be contacted again.",
  "rules.CONTACT_AFTER_CEASE.notANotice":
    "Contact at {time} after the debtor's cease request at {requestTime} is not one of the notices 12 CFR 1006.6(c)(2) still permits (further efforts are ending; a remedy may be invoked; a specified remedy will be invoked).",
  "rules.CONTACT_DURING_DISPUTE.explanation":
    "Contact at {time} while the dispute raised at {disputeTime} was not yet verified.",
  "rules.CONTACT_AFTER_RECALL.explanation":
    "Activity at {time} after the placement was recalled on {recalledOn}.",
  "rules.CONTACT_AFTER_RECALL.paidInFull":
    "Activity at {time} after the placed balance of {balance} was paid in full at {paidAt}.",
  "rules.VISIT_RULES.explanation":
    "Visit at {time} by {visitors} collector(s); at least {minVisitors} are required.",
  "rules.VISIT_RULES.visitorsMissing":
    "Visit at {time} without the number of collectors recorded; at least {minVisitors} are required.",
  "rules.VISIT_RULES.recording": "Visit at {time} has no recording.",
  "rules.VISIT_RULES.visitorsAndRecording":
    "Visit at {time} by {visitors} collector(s), fewer than the required {minVisitors}, and without a recording.",
  "rules.VISIT_RULES.visitorsMissingAndRecording":
    "Visit at {time} without the number of collectors recorded (at least {minVisitors} are required) and without a recording.",
  "rules.CALL_RECORDING_MISSING.explanation":
    "Connected call at {time} has no recording.",
  "rules.SMS_REQUIRED_CONTENT.explanation":
    "Message to the debtor at {time} lacks required content: {missing}.",
  "rules.SMS_REQUIRED_CONTENT.notSimple":
    "Message to the debtor at {time} offers an opt-out that is not reasonable and simple (12 CFR 1006.6(e)): {reasons}.",
  "rules.CONTACT_HOURS.otherZone":
    "Contact at {time} ({timeZone}) is {otherTime} in {otherZone}, where the consumer may also be, outside the allowed hours {start}–{end}.",
  "rules.CONTACT_HOURS.agencyZone":
    "Contact at {time} is outside the allowed hours {start}–{end} in {timeZone}, the agency's zone: the lender recorded no time zone for the debtor.",
  "rules.CONTACT_HOURS.areaCodeZone":
    "Contact at {time} ({timeZone}) is {otherTime} in {otherZone}, the zone of the area code of a number on file for the debtor (the lender gave no other possible zones), outside the allowed hours {start}–{end}.",
  "rules.CONTACT_HOURS.areaCodeFallback":
    "Contact at {time} is outside the allowed hours {start}–{end} in {timeZone}, the zone of the area code of a number on file for the debtor: the lender recorded no time zone for the debtor.",
  "rules.THIRD_PARTY_DISCLOSURE.voicemail":
    "Voicemail at {time} left for someone other than the consumer, or on a line not known to be theirs, said something about the debt.",
  "rules.CONSUMER_RESTRICTION.time":
    "Contact at {time} falls within the hours {hours} the consumer designated as inconvenient at {restrictionTime}.",
  "rules.CONSUMER_RESTRICTION.place":
    "Contact at {time} at the consumer's {place}, which the consumer designated as inconvenient at {restrictionTime}.",
  "rules.CONSUMER_RESTRICTION.medium":
    "{medium} at {time} although the consumer asked at {restrictionTime} not to be contacted that way.",
  "rules.CONSUMER_RESTRICTION.stop":
    "{medium} at {time} although the consumer replied STOP at {restrictionTime}.",
  "rules.ATTORNEY_REPRESENTED.explanation":
    "Contact with the consumer at {time} after the agency learned at {noticeTime} that an attorney represents them, without the attorney's or the consumer's consent.",
  "rules.UNTRAINED_AGENT.noRoster":
    "Contact at {time} by agent {agent}: the agency has sent no roster, so no training record exists.",
  "rules.UNTRAINED_AGENT.notOnRoster":
    "Contact at {time} by agent {agent}, who is not on the agency's roster: no training record.",
  "rules.UNTRAINED_AGENT.beforeStart":
    "Contact at {time} by agent {agent} before the start date {startDate} on the roster.",
  "rules.UNTRAINED_AGENT.afterEnd":
    "Contact at {time} by agent {agent} after the end date {endDate} on the roster.",
  "rules.UNTRAINED_AGENT.noTraining":
    "Contact at {time} by agent {agent}, who has no training record valid on {day} (the agency's day).",
  "rules.UNTRAINED_AGENT.expired":
    "Contact at {time} by agent {agent}: the certificate of “{course}” (trained {trainedOn}) expired on {expiredOn}; no training valid on {day} (the agency's day).",
  "rules.UNTRAINED_AGENT.failed":
    "Contact at {time} by agent {agent}: the only training valid on {day}, “{course}”, scored {score}, below the pass mark {minimumScore}.",
};

export type RulesMessageKey = keyof typeof rulesEn;

export const rulesZh: Record<RulesMessageKey, string> = {
  "rules.pack.cn": "中国（GB/T 45251-2025、中国银行业协会 2026）",
  "rules.pack.us": "美国（Regulation F）",
  "rules.stateOverlay.applied": "适用更严格的州规则：{state}，{citation}。",

  "rules.CONTACT_HOURS.name": "联系时段",
  "rules.DAILY_CONNECTED_CALLS.name": "每日接通次数",
  "rules.DAILY_ATTEMPTS_PER_NUMBER.name": "单号码每日呼叫次数",
  "rules.CALL_FREQUENCY_7IN7.name": "7 天 7 次呼叫上限",
  "rules.CALL_AFTER_CONVERSATION.name": "通话后再次呼叫",
  "rules.THIRD_PARTY_CONTACT.name": "联系第三方",
  "rules.THIRD_PARTY_DISCLOSURE.name": "向第三方透露债务",
  "rules.WRONG_PARTY_REPEAT.name": "联系已报错号码",
  "rules.ABUSIVE_LANGUAGE.name": "辱骂或威胁性用语",
  "rules.CONTACT_AFTER_CEASE.name": "要求停止联系后仍联系",
  "rules.CONTACT_DURING_DISPUTE.name": "异议核实期间联系",
  "rules.CONTACT_AFTER_RECALL.name": "撤案或结清后仍催收",
  "rules.VISIT_RULES.name": "上门催收要求",
  "rules.CALL_RECORDING_MISSING.name": "通话录音缺失",
  "rules.SMS_REQUIRED_CONTENT.name": "短信和电子邮件必备内容",
  "rules.CONSUMER_RESTRICTION.name": "消费者指定的不便时间、地点和联系方式",
  "rules.ATTORNEY_REPRESENTED.name": "联系已委托律师的消费者",
  "rules.UNTRAINED_AGENT.name": "未经培训的催收员联系",

  "rules.CONTACT_HOURS.explanation":
    "{time}（{timeZone}）的联系不在允许时段 {start}–{end} 内。",
  "rules.DAILY_CONNECTED_CALLS.explanation":
    "{date} 与债务人的第 {count} 通接通电话（所有机构合计）超过每日 {max} 通上限：{times}。",
  "rules.DAILY_ATTEMPTS_PER_NUMBER.explanation":
    "{date} 对 {phone} 的第 {count} 次呼叫超过每日 {max} 次上限：{times}。",
  "rules.CALL_FREQUENCY_7IN7.explanation":
    "该账户连续 {days} 天内的第 {count} 通电话超过 {max} 通上限：{times}。",
  "rules.CALL_FREQUENCY_7IN7.debtor":
    "本机构连续 {days} 天内就该账户第 {count} 次呼叫债务人，超过 {max} 次上限（12 CFR 1006.14(b)(2)(i)(A)；债务人指记录为债务人、或拨打债务人在档号码的呼叫）：{times}。",
  "rules.CALL_FREQUENCY_7IN7.communications":
    "本机构连续 {days} 天内就该账户的第 {count} 次联系（电话和短信合并计数）超过 {max} 次上限：{times}。",
  "rules.CALL_FREQUENCY_7IN7.debtorAllAgencies":
    "连续 {days} 天内就该账户第 {count} 次呼叫债务人（所有机构合计，是贷款机构自定的更严格政策；Regulation F 按每家机构分别计算），超过 {max} 次上限：{times}。",
  "rules.CALL_FREQUENCY_7IN7.person":
    "本机构连续 {days} 天内就该账户第 {count} 次呼叫 {phone} 上记录为{party}的人（同一人按记录的联系对象和所拨号码认定），超过 {max} 次上限；12 CFR 1006.14(b)(2) 保护每一位被呼叫的人，而不只是债务人：{times}。",
  "rules.CALL_FREQUENCY_7IN7.personAllAgencies":
    "连续 {days} 天内就该账户第 {count} 次呼叫 {phone} 上记录为{party}的人（所有机构合计，是贷款机构自定的更严格政策；Regulation F 按每家机构分别计算），超过 {max} 次上限：{times}。",
  "rules.CALL_AFTER_CONVERSATION.explanation":
    "{time} 的呼叫距 {conversationTime} 与债务人的通话不足 {days} 天。",
  "rules.CALL_AFTER_CONVERSATION.debtor":
    "本机构 {time} 呼叫债务人，距本机构 {conversationTime} 与债务人的通话不足 {days} 天（12 CFR 1006.14(b)(2)(i)(B)）。",
  "rules.CALL_AFTER_CONVERSATION.debtorAllAgencies":
    "{time} 呼叫债务人，距 {conversationTime} 与债务人的通话不足 {days} 天（所有机构合计，是贷款机构自定的更严格政策；Regulation F 按每家机构分别计算）。",
  "rules.CALL_AFTER_CONVERSATION.person":
    "本机构 {time} 呼叫 {phone} 上记录为{party}的人，距本机构 {conversationTime} 与此人的通话不足 {days} 天：通话开启的是通话对象本人的静默期（12 CFR 1006.14(b)(2)(i)(B)）。",
  "rules.CALL_AFTER_CONVERSATION.personAllAgencies":
    "{time} 呼叫 {phone} 上记录为{party}的人，距 {conversationTime} 与此人的通话不足 {days} 天（所有机构合计，是贷款机构自定的更严格政策；Regulation F 按每家机构分别计算）。",
  "rules.THIRD_PARTY_CONTACT.explanation":
    "{time} 在无第三方联系授权、债务人可以联系到的情况下联系了第三方：最近 {considered} 次呼叫债务人中有 {failed} 次失败（{attempts}），需连续失败 {required} 次。",
  "rules.THIRD_PARTY_CONTACT.noAttempts":
    "{time} 在无第三方联系授权、且此前未呼叫过债务人的情况下联系了第三方。",
  "rules.THIRD_PARTY_DISCLOSURE.explanation":
    "{time} 发给非债务人的消息透露了债务：{terms}。",
  "rules.WRONG_PARTY_REPEAT.explanation":
    "{time} 联系了 {phone}，该号码已于 {reportedAt} 被报告为错误号码。",
  "rules.WRONG_PARTY_REPEAT.complaint":
    "{time} 联系了 {phone}，该号码已于 {reportedAt} 被非借款人投诉（{complaintRef}）。",
  "rules.ABUSIVE_LANGUAGE.explanation":
    "{time} 的消息含有威胁、侮辱或虚假法律后果的用语：{terms}。",
  "rules.CONTACT_AFTER_CEASE.explanation":
    "债务人已于 {requestTime} 要求停止联系，{time} 仍有联系。",
  "rules.CONTACT_AFTER_CEASE.thirdParty":
    "{time} 联系了已于 {requestTime} 要求不再被联系的人。",
  "rules.CONTACT_AFTER_CEASE.notANotice":
    "债务人已于 {requestTime} 要求停止联系，{time} 的联系不属于 12 CFR 1006.6(c)(2) 仍允许的通知（告知停止催收；告知可能采取补救措施；告知将采取特定补救措施）。",
  "rules.CONTACT_DURING_DISPUTE.explanation":
    "{time} 的联系发生在 {disputeTime} 提出的异议核实完成之前。",
  "rules.CONTACT_AFTER_RECALL.explanation":
    "委案已于 {recalledOn} 撤回，{time} 仍有催收活动。",
  "rules.CONTACT_AFTER_RECALL.paidInFull":
    "委案金额 {balance} 已于 {paidAt} 全部还清，{time} 仍有催收活动。",
  "rules.VISIT_RULES.explanation":
    "{time} 的上门催收仅 {visitors} 人，至少需要 {minVisitors} 人。",
  "rules.VISIT_RULES.visitorsMissing":
    "{time} 的上门催收未记录人数，至少需要 {minVisitors} 人。",
  "rules.VISIT_RULES.recording": "{time} 的上门催收没有录音录像。",
  "rules.VISIT_RULES.visitorsAndRecording":
    "{time} 的上门催收仅 {visitors} 人（至少需要 {minVisitors} 人），且没有录音录像。",
  "rules.VISIT_RULES.visitorsMissingAndRecording":
    "{time} 的上门催收未记录人数（至少需要 {minVisitors} 人），且没有录音录像。",
  "rules.CALL_RECORDING_MISSING.explanation": "{time} 接通的电话没有录音。",
  "rules.SMS_REQUIRED_CONTENT.explanation":
    "{time} 发给债务人的消息缺少必备内容：{missing}。",
  "rules.SMS_REQUIRED_CONTENT.notSimple":
    "{time} 发给债务人的消息所给的退订方式不合理或不简便（12 CFR 1006.6(e)）：{reasons}。",
  "rules.CONTACT_HOURS.otherZone":
    "{time}（{timeZone}）的联系在消费者可能所在的 {otherZone} 为 {otherTime}，不在允许时段 {start}–{end} 内。",
  "rules.CONTACT_HOURS.agencyZone":
    "{time} 的联系按机构所在时区 {timeZone} 不在允许时段 {start}–{end} 内：委托方未记录债务人的时区。",
  "rules.CONTACT_HOURS.areaCodeZone":
    "{time}（{timeZone}）的联系在 {otherZone}（债务人在档号码的区号所属时区；委托方未提供其他可能时区）为 {otherTime}，不在允许时段 {start}–{end} 内。",
  "rules.CONTACT_HOURS.areaCodeFallback":
    "{time} 的联系按债务人在档号码的区号所属时区 {timeZone} 不在允许时段 {start}–{end} 内：委托方未记录债务人的时区。",
  "rules.THIRD_PARTY_DISCLOSURE.voicemail":
    "{time} 给消费者以外的人、或在不能确认属于消费者的线路上留下的语音留言提及了债务。",
  "rules.CONSUMER_RESTRICTION.time":
    "{time} 的联系落在消费者于 {restrictionTime} 指定为不便的时段 {hours} 内。",
  "rules.CONSUMER_RESTRICTION.place":
    "{time} 在消费者的{place}进行了联系，而消费者已于 {restrictionTime} 指定该地点为不便地点。",
  "rules.CONSUMER_RESTRICTION.medium":
    "消费者已于 {restrictionTime} 要求不以该方式联系，{time} 仍以{medium}联系。",
  "rules.CONSUMER_RESTRICTION.stop":
    "消费者已于 {restrictionTime} 回复 STOP（退订），{time} 仍以{medium}联系。",
  "rules.ATTORNEY_REPRESENTED.explanation":
    "机构已于 {noticeTime} 得知消费者委托了律师，{time} 仍在未经律师或消费者同意的情况下直接联系消费者。",
  "rules.UNTRAINED_AGENT.noRoster":
    "{time} 由催收员 {agent} 联系：该机构从未报送人员名单，没有任何培训记录。",
  "rules.UNTRAINED_AGENT.notOnRoster":
    "{time} 由催收员 {agent} 联系，该催收员不在机构的人员名单上：没有培训记录。",
  "rules.UNTRAINED_AGENT.beforeStart":
    "{time} 由催收员 {agent} 联系，早于人员名单上的入职日期 {startDate}。",
  "rules.UNTRAINED_AGENT.afterEnd":
    "{time} 由催收员 {agent} 联系，晚于人员名单上的离职日期 {endDate}。",
  "rules.UNTRAINED_AGENT.noTraining":
    "{time} 由催收员 {agent} 联系，该催收员在 {day}（机构所在时区的日期）没有有效的培训记录。",
  "rules.UNTRAINED_AGENT.expired":
    "{time} 由催收员 {agent} 联系：“{course}”（{trainedOn} 培训）的证书已于 {expiredOn} 到期；{day}（机构所在时区的日期）没有有效培训。",
  "rules.UNTRAINED_AGENT.failed":
    "{time} 由催收员 {agent} 联系：{day} 唯一有效的培训“{course}”成绩为 {score}，低于合格线 {minimumScore}。",
};
