import type { StatusChange } from '../../domain/status-change';

/** Tells the world that addresses changed status; called only after the change is committed. */
export abstract class StatusChangeNotifier {
  abstract publish(changes: readonly StatusChange[]): Promise<void>;
}
