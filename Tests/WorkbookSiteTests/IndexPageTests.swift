import Testing
@testable import WorkbookSite

/// The whole index page of the fixture book, reviewed by eye when it was written.
@Suite struct IndexPageTests {
    @Test func wholeIndexPage() {
        #expect(PageTemplate.indexPage(of: Fixture.book) == #"""
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39; &#39;sha256-DC9w7PwLoELFvV9zg7KQ7d3gDhoy81kwDZhDwtDxcDk=&#39;; style-src &#39;self&#39; &#39;unsafe-inline&#39;; img-src &#39;self&#39; data:; font-src &#39;self&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="color-scheme" content="light dark"/>
            <title>Sequence Models &amp; Swift</title>
            <script>(function(){var d=document.documentElement;d.classList.add('js');try{var t=localStorage.getItem('theme');if(t==='dark'||t==='light'){d.setAttribute('data-theme',t)}}catch(e){}})();</script>
            <link rel="stylesheet" href="assets/book.css"/>
            <link rel="stylesheet" href="assets/xref.css"/>
            <link rel="icon" href="assets/favicon.svg" type="image/svg+xml"/>
            <link rel="next" href="01-rnn.html"/>
            </head>
            <body class="index-page">
            <a class="skip-link" href="#content">Skip to content</a>
            <input type="checkbox" id="nav-toggle" class="nav-toggle" aria-label="Show chapters"/>
            <header class="topbar">
            <label for="nav-toggle" class="menu-button" title="Chapters"><span class="menu-icon" aria-hidden="true"></span></label>
            <a class="book-title" href="index.html">Sequence Models &amp; Swift</a>
            <div class="search" role="search">
            <input type="search" id="search-input" placeholder="Search" aria-label="Search the book" autocomplete="off" spellcheck="false"/>
            <ol id="search-results" class="search-results" hidden="hidden"></ol>
            </div>
            <button type="button" class="theme-toggle" id="theme-toggle" title="Switch light/dark theme" aria-label="Switch light/dark theme"><span class="theme-icon" aria-hidden="true"></span></button>
            </header>
            <div class="layout">
            <label for="nav-toggle" class="nav-scrim" aria-hidden="true"></label>
            <nav class="sidebar" id="sidebar" aria-label="Chapters">
            <ol class="sidebar-chapters">
            <li><a href="index.html" class="sidebar-home">Contents</a></li>
            <li><a href="01-rnn.html"><span class="secno">1</span> Recurrent networks</a>
            <ol><li><a href="01-rnn.html#memory"><span class="secno">1.1</span> Memory</a></li></ol>
            </li>
            <li><a href="02-lstm.html"><span class="secno">2</span> The LSTM</a>
            <ol><li><a href="02-lstm.html#gates-cells"><span class="secno">2.1</span> Gates &amp; cells</a></li></ol>
            </li>
            </ol>
            <p class="sidebar-extra"><a href="print.html">One-page print view</a></p>
            </nav>
            <main id="content" class="content">
            <article class="home">
            <header class="hero">
            <h1 id="chapter-title">Sequence Models &amp; Swift</h1>
            <p class="subtitle">Every number checked</p>
            </header>
            <div class="pitch">
            <p>Films and gates.</p>
            </div>
            <h2 id="contents">Contents</h2>
            <ol class="toc">
            <li><a class="toc-chapter" href="01-rnn.html"><span class="secno">1</span> Recurrent networks</a>
            <p class="toc-summary">Memory.</p>
            <ol class="toc-sections"><li><a href="01-rnn.html#memory"><span class="secno">1.1</span> Memory</a></li></ol>
            </li>
            <li><a class="toc-chapter" href="02-lstm.html"><span class="secno">2</span> The LSTM</a>
            <p class="toc-summary">Three gates.</p>
            <ol class="toc-sections"><li><a href="02-lstm.html#gates-cells"><span class="secno">2.1</span> Gates &amp; cells</a></li></ol>
            </li>
            </ol>
            <p class="home-extra">Prefer paper? Open the <a href="print.html">one-page print view</a>. Every output in this book is checked by <code>swift test</code>, and is the same on every machine.</p>
            <nav class="pager" aria-label="Start reading">
            <a class="pager-next" rel="next" href="01-rnn.html"><span class="pager-direction">Start reading</span><span class="pager-title">1. Recurrent networks</span></a>
            </nav>
            </article>
            </main>
            </div>
            <script src="assets/book.js"></script>
            </body>
            </html>

            """#)
    }
}
