  // -- language: ?lang=zh|en, else the last choice on this computer, else the browser's (zh or en), else Chinese --
  function pickLanguage() {
    var asked = /[?&]lang=(zh|en)\b/.exec(location.search);
    if (asked) return asked[1];
    try { var kept = localStorage.getItem("chainkg-lang"); if (kept === "zh" || kept === "en") return kept; } catch (e) { /* storage off */ }
    var tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < tags.length; i++) { var base = String(tags[i]).split("-")[0].toLowerCase(); if (base === "zh" || base === "en") return base; }
    return "zh";
  }
  function keepLanguage(lang) { try { localStorage.setItem("chainkg-lang", lang); } catch (e) { /* storage off */ } }
