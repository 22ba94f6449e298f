import nunjucks from 'nunjucks';

/** The options every environment of ours compiles with (plugins/views.ts). */
export const TEMPLATE_OPTIONS = { autoescape: true, throwOnUndefined: false } as const;

/** What compiling a template's text gives: its root and block render functions. */
type CompiledTemplate = Record<string, unknown>;

/** nunjucks' compiler, which its type declarations leave out. */
const compiler = (
  nunjucks as unknown as {
    compiler: {
      compile(src: string, asyncFilters: string[], extensions: unknown[], name: string, opts: object): string;
    };
  }
).compiler;

/**
 * Compiled templates by file, shared by every app in the process. A compiled template's render functions take
 * the environment as an argument (they close over nothing of it), so two apps' environments can run the same
 * ones: a test worker builds hundreds of apps, and each compiled every template it rendered again. Keyed by the
 * file's text too, so an edited template (views not cached, in development) is compiled afresh.
 */
const compiled = new Map<string, { text: string; code: CompiledTemplate }>();

/**
 * Reads templates from the search paths as nunjucks' own loader does, and hands nunjucks each one compiled,
 * compiling a file's text once per process. Our environments have no async filters or extensions, which is
 * what the compiled code would depend on besides TEMPLATE_OPTIONS.
 */
export class CompiledTemplateLoader extends nunjucks.FileSystemLoader {
  override getSource(name: string): nunjucks.LoaderSource {
    const source = super.getSource(name) as nunjucks.LoaderSource | null;
    if (!source) return source as unknown as nunjucks.LoaderSource;
    let entry = compiled.get(source.path);
    if (entry?.text !== source.src) {
      let code: CompiledTemplate;
      try {
        const module = new Function(
          compiler.compile(source.src, [], [], source.path, TEMPLATE_OPTIONS),
        ) as () => CompiledTemplate;
        code = module();
      } catch {
        // nunjucks compiles the text itself and reports the error with the template's name and line.
        return source;
      }
      entry = { text: source.src, code };
      compiled.set(source.path, entry);
    }
    return { ...source, src: { type: 'code', obj: entry.code } as unknown as string };
  }
}
