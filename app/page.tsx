import { Workbench } from './components/Workbench';

/** The workbench is one client-side notebook: all data stays in the browser tab. */
export default function Page() {
  return <Workbench />;
}
