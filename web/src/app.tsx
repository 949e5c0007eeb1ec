import type { ComponentType } from 'react';
import { AccountPage } from './account/account-page';
import { AdminPage } from './admin/admin-page';
import { ContactPage } from './contact/contact-page';
import { Link, PAGES, usePath, type PagePath } from './router';
import { useSession } from './session';
import { ShopPage } from './shop/shop-page';

const PAGE_COMPONENTS: Record<PagePath, ComponentType> = {
  '/': ContactPage,
  '/account': AccountPage,
  '/shop': ShopPage,
  '/admin': AdminPage,
};

export function App() {
  const path = usePath();
  const { user } = useSession();
  const Page = path ? PAGE_COMPONENTS[path] : NotFound;
  return (
    <>
      <header className="top">
        <strong className="brand">gatepost</strong>
        <nav aria-label="Pages">
          {PAGES.map((page) => (
            <Link key={page.path} to={page.path} current={page.path === path}>
              {page.label}
            </Link>
          ))}
          <a href="/graphql">GraphiQL</a>
        </nav>
        <span className="who" data-testid="who">
          {user ? `Signed in as ${user.displayName}` : user === null ? 'Not signed in' : ''}
        </span>
      </header>
      <main>
        <Page />
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">No page here</h1>
      <p>
        There is no page at <code>{window.location.pathname}</code>.{' '}
        <Link to="/" current={false}>
          Back to the contact form
        </Link>
        .
      </p>
    </section>
  );
}
