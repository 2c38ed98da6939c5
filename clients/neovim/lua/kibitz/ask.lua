-- Ask the docs (kibitz.ask) and show the answer in a floating window: each sentence with its citation;
-- <CR> on a line opens the cited file at the cited line, + / - say whether it helped, q closes.
-- Works on Neovim 0.7 and later.
local M = {}

-- float buffer -> { [line] = { file, line, citation } }
local targets = {}
-- float buffer -> { client, proposal } (feedback on the answer)
local answers = {}

local function feedback(buf, what, citation)
  local a = answers[buf]
  if not a or not a.proposal then return end
  a.client.request('workspace/executeCommand', { command = 'kibitz.answerFeedback', arguments = { a.proposal, what, citation } }, function() end)
end

local function kibitz_client()
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do
    if c.name == 'kibitz' then return c end
  end
  for _, c in pairs(vim.lsp.get_active_clients()) do
    if c.name == 'kibitz' then return c end
  end
end

--- The answer as lines, and where each line's citation points.
function M.render(result, root)
  local a = result.answer
  local lines, jumps = { '# ' .. a.question, '' }, {}
  if not a.answered then
    table.insert(lines, 'Not in these docs.')
    return lines, jumps
  end
  for _, s in ipairs(a.sentences) do
    -- the server's citation (`path:3-4`, `commit 1a2b3c4`, `tar(1)`), or one made from the path and lines
    local where = s.citation or (s.path .. ':' .. s.lines[1] .. (s.lines[2] ~= s.lines[1] and ('-' .. s.lines[2]) or ''))
    local target = { file = root .. '/' .. s.path, line = s.lines[1], citation = where }
    for _, l in ipairs(vim.split(s.text, '\n', { plain = true })) do
      table.insert(lines, l)
      jumps[#lines] = target
    end
    local note = s.note or (s.heading ~= '' and (' (' .. s.heading .. ')') or '')
    table.insert(lines, '  → ' .. where .. (note ~= '' and (' ' .. note) or ''))
    jumps[#lines] = target
    table.insert(lines, '')
  end
  if result.proposal then table.insert(lines, '<CR> open the citation · + helpful · - not helpful · q close') end
  return lines, jumps
end

--- Say whether the answer in the current window helped ('helpful' or 'not-helpful').
function M.rate(what)
  local buf = vim.api.nvim_get_current_buf()
  feedback(buf, what)
  vim.notify('kibitz: thanks, recorded as ' .. what:gsub('-', ' '))
end

--- Open the citation under the cursor of an answer window.
function M.jump()
  local buf = vim.api.nvim_get_current_buf()
  local t = (targets[buf] or {})[vim.api.nvim_win_get_cursor(0)[1]]
  if not t then return end
  feedback(buf, 'followed', t.citation)
  vim.api.nvim_win_close(0, true)
  vim.cmd('edit ' .. vim.fn.fnameescape(t.file))
  vim.api.nvim_win_set_cursor(0, { t.line, 0 })
end

function M.show(result, root, client)
  local lines, jumps = M.render(result, root)
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].filetype = 'markdown'
  vim.bo[buf].modifiable = false
  vim.bo[buf].bufhidden = 'wipe'
  targets[buf] = jumps
  answers[buf] = { client = client, proposal = result.proposal }
  local width = math.min(100, math.max(40, vim.o.columns - 10))
  local height = math.min(#lines, math.max(5, vim.o.lines - 8))
  local win = vim.api.nvim_open_win(buf, true, {
    relative = 'editor', width = width, height = height, style = 'minimal', border = 'rounded',
    row = math.floor((vim.o.lines - height) / 2), col = math.floor((vim.o.columns - width) / 2),
  })
  vim.wo[win].wrap = true
  vim.api.nvim_buf_set_keymap(buf, 'n', '<CR>', "<cmd>lua require('kibitz.ask').jump()<CR>", { noremap = true, silent = true })
  vim.api.nvim_buf_set_keymap(buf, 'n', 'q', '<cmd>close<CR>', { noremap = true, silent = true })
  vim.api.nvim_buf_set_keymap(buf, 'n', '+', "<cmd>lua require('kibitz.ask').rate('helpful')<CR>", { noremap = true, silent = true })
  vim.api.nvim_buf_set_keymap(buf, 'n', '-', "<cmd>lua require('kibitz.ask').rate('not-helpful')<CR>", { noremap = true, silent = true })
  return buf, win
end

--- Ask the docs of the current buffer's repository; `done(buf)` is called once the answer is shown.
function M.ask(question, done)
  local client = kibitz_client()
  if not client then
    vim.notify('kibitz: no kibitz client is running (open a file it serves first)', vim.log.levels.WARN)
    return
  end
  if not question or question == '' then return end
  local params = { command = 'kibitz.ask', arguments = { { question = question, show = false } } }
  client.request('workspace/executeCommand', params, function(err, result)
    if err or not result then
      vim.notify('kibitz: ' .. (err and err.message or 'no answer (is this folder a workspace?)'), vim.log.levels.WARN)
      return
    end
    local buf = M.show(result, result.root or client.config.root_dir, client)
    if done then done(buf) end
  end)
end

return M
