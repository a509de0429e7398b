/** A paginated list's address: the bare path for page 1, `?page=N` after. */
export const pagedPath = (path: string, page: number): string => (page > 1 ? `${path}?page=${page}` : path);

/** Newer / "Page 2 of 5" / Older, with rel=prev and rel=next as on section pages. */
export function Pagination(props: { path: string; page: number; pageCount: number }) {
  const { path, page, pageCount } = props;
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a href={pagedPath(path, page - 1)} rel="prev">
          ← Newer
        </a>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a href={pagedPath(path, page + 1)} rel="next">
          Older →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
