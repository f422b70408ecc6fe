/** Checks the use-cases repeat after the HTTP schemas, so the CLI and seeds get the same rules. */
import { AppError } from '../shared/app-error.ts';
import { DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from './model.ts';

// Control characters in a name would break the 接龙 text and CSV exports it ends up in.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Returns the trimmed display name, or throws a 400 saying what is wrong. */
export function checkDisplayName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > DISPLAY_NAME_MAX || CONTROL.test(name)) {
    throw new AppError('bad_request', `The name must be 1–${DISPLAY_NAME_MAX} characters on one line`, {
      code: 'invalid_display_name',
    });
  }
  return name;
}

export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new AppError('bad_request', `The password must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters`, {
      code: 'weak_password',
    });
  }
}
