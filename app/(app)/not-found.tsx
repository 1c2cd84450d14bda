import { ProblemPage } from '@/app/_components/problem-page';

/** Something the app looked up is not there: a decision, revision, team or metric that does not exist. */
export default function AppNotFound() {
  return (
    <ProblemPage title="Not found">
      <p>There is nothing at this address: the number or name in the link may be wrong. Decisions are never deleted, so a decision you saw before can be found by searching for its title.</p>
    </ProblemPage>
  );
}
