import { Alert } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";

/** Messages stored as i18n keys (the evaluations domain's problems), in the reader's language. */
export function ProblemList({ problems }: { problems: readonly string[] }) {
  const i18n = useI18n();
  if (problems.length === 0) return null;
  return (
    <Alert tone="error">
      <ul className="list-disc pl-5">
        {problems.map((key) => {
          const split = key.lastIndexOf(".");
          return <li key={key}>{i18n.tEnum(key.slice(0, split), key.slice(split + 1))}</li>;
        })}
      </ul>
    </Alert>
  );
}
