// The suites that read the demo borough's synthesized stack, in one file so that they share one synth
// (test/infra/demo-app.ts): each is a file under test/infra/demo/.
import './demo/borough-stack.suite';
import './demo/alarms.suite';
import './demo/retry-safe.suite';
import './demo/least-privilege.suite';
import './demo/digest-fanout.suite';
import './demo/alert-sweep.suite';
import './demo/retention-sweep.suite';
import './demo/audit-anchor.suite';
