/**
 * Vitest's global setup, once per project before its test files run: the migrated database that the
 * project's test databases start from (db-template.ts), handed to them through `provide`.
 */
import type { TestProject } from 'vitest/node';
import { pgliteTemplate, postgresTemplate } from './db-template.ts';

export default async function setup(project: TestProject): Promise<void> {
  const env = project.config.env as Record<string, string | undefined>;
  if (env.LINLI_TEST_DB === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (adminUrl) project.provide('postgresTemplate', await postgresTemplate(adminUrl));
  } else {
    project.provide('pgliteTemplate', await pgliteTemplate());
  }
}
