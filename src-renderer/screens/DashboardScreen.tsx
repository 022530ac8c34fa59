/** The Leadership dashboard (issue 7). */
import { Placeholder } from './Placeholder';

export function DashboardScreen() {
  return <Placeholder screen="dashboard" />;
}
